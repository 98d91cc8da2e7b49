"""A one-time link answered by several requests at the same moment stores one response and one follow-up
task: the response's unique invitation column decides, on every database."""

import threading

import pytest
from django.db import connection, connections
from feedback_fixtures import feedback_world  # noqa: F401
from service_fixtures import service_world  # noqa: F401

from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.survey_response.model import SurveyResponse
from securities_crm.feedback import distribution


@pytest.mark.django_db(transaction=True)
def test_a_link_answered_at_once_by_several_requests_stores_one_response(feedback_world):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("in-memory SQLite is one connection; the file-backed run covers SQLite")
    invitation = distribution.invite(feedback_world["nps"], feedback_world["clients"]["a"], occasion="race")
    token = distribution.token(invitation)
    start = threading.Barrier(4)
    outcomes, errors = [], []

    def worker(score):
        try:
            start.wait()
            response, problem = distribution.answer_link(token, {"recommend": score, "why_low": ["fees"]})
            outcomes.append(problem or response.pk)
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(n,)) for n in (1, 2, 3, 4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    made = SurveyResponse.objects.get(invitation=invitation)
    assert [o for o in outcomes if o != "used"] == [made.pk]
    assert SurveyResponse.objects.count() == 1 and CareTask.objects.filter(kind="feedback").count() == 1
    assert not [e for e in errors if "locked" not in str(e)]  # SQLite may refuse a writer outright: no row
