"""The daily expiry job: reminders within 30 days to the manager and the client, expired assessments
marked and the manager told, only the current assessment counted, and never twice."""

import datetime as dt

from client_fixtures import english, world  # noqa: F401  (fixtures)
from suitability_fixtures import answers_for_score, questionnaire, take_assessment  # noqa: F401

from securities_crm.doctype.notification_log.model import NotificationLog
from securities_crm.suitability.jobs import assessment_expiry_reminders


def notes(user):
    return list(NotificationLog.objects.filter(for_user=user).values_list("subject", flat=True))


def test_reminders_and_expiry_are_sent_once(questionnaire, world):
    users, clients = world
    a1 = take_assessment(clients["a1"], answers_for_score(questionnaire, 30))  # a1 has a portal user
    a2 = take_assessment(clients["a2"], answers_for_score(questionnaire, 30))
    b1 = take_assessment(clients["b1"], answers_for_score(questionnaire, 30))
    # The job runs on chosen days relative to the assessments' own valid_until: nothing depends on the clock.
    day = a1.valid_until - dt.timedelta(days=30)
    assert a2.valid_until == a1.valid_until  # taken the same day
    counts = assessment_expiry_reminders(today=day - dt.timedelta(days=1))
    assert counts == {"reminded": 0, "expired": 0}

    counts = assessment_expiry_reminders(today=day)
    assert counts == {"reminded": 3, "expired": 0}
    assert len(notes(users["cm_a"])) == 2 and len(notes(users["cm_b"])) == 1
    assert notes(users["portal"]) == [f"Your risk assessment expires on {a1.valid_until.isoformat()}"]
    assert assessment_expiry_reminders(today=day) == {"reminded": 0, "expired": 0}
    assert assessment_expiry_reminders(today=day + dt.timedelta(days=5)) == {"reminded": 0, "expired": 0}
    assert NotificationLog.objects.count() == 4

    after = a1.valid_until + dt.timedelta(days=1)
    assert assessment_expiry_reminders(today=after) == {"reminded": 0, "expired": 3}
    a1.refresh_from_db()
    assert (a1.status, a1.reminder_stage) == ("Expired", "expired")
    assert any("needs a new risk assessment" in s for s in notes(users["cm_a"]))
    assert assessment_expiry_reminders(today=after) == {"reminded": 0, "expired": 0}
    assert NotificationLog.objects.count() == 7
    b1.refresh_from_db()
    assert b1.status == "Expired"


def test_a_superseded_assessment_is_not_reminded(questionnaire, world):
    users, clients = world
    from suitability_fixtures import long_ago

    old = take_assessment(clients["a2"], answers_for_score(questionnaire, 30), confirmed_at=long_ago(3))
    take_assessment(clients["a2"], answers_for_score(questionnaire, 30))
    counts = assessment_expiry_reminders(today=old.valid_until - dt.timedelta(days=10))
    assert counts == {"reminded": 0, "expired": 0}
    assert assessment_expiry_reminders(today=old.valid_until + dt.timedelta(days=1))["expired"] == 0


def test_the_job_is_scheduled():
    from securities_crm.tasks.schedule import SCHEDULE

    assert assessment_expiry_reminders in [entry[0] for entry in SCHEDULE]
