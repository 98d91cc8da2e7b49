"""Survey Response: answers are checked against the questions (range, required, skip logic, a closed survey)
with a 417 naming the question and nothing stored; the scores come from the answers; HTML stays text;
a low score gives the client's manager one follow-up task, however often it is submitted; a client sees
only their own responses (another's is a 404)."""

import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from feedback_fixtures import CSAT_QUESTIONS, feedback_world, make_survey  # noqa: F401
from service_fixtures import service_world  # noqa: F401

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for  # noqa: E402,F401

from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.survey_response.model import SurveyResponse
from securities_crm.feedback import responses

pytestmark = pytest.mark.django_db
URL = "/api/resource/Survey Response"


def refused(survey, client, answers) -> str:
    with pytest.raises(ValidationError) as error:
        responses.submit(survey, client, answers)
    assert not SurveyResponse.objects.exists() and not CareTask.objects.exists()
    return " ".join(m for ms in error.value.message_dict.values() for m in ms)


@pytest.mark.parametrize(
    ("answers", "question"),
    [
        ({"recommend": 11}, "recommend"),
        ({"recommend": -1}, "recommend"),
        ({"recommend": "很好"}, "recommend"),
        ({"recommend": 7.5}, "recommend"),
        ({"recommend": True}, "recommend"),
        ({"recommend": 9, "effort": 8}, "effort"),  # CES is 1–7
        ({"recommend": 9, "stars": 0}, "stars"),
        ({"recommend": 9, "channel": "wechat"}, "channel"),
        ({}, "recommend"),  # required
        ({"recommend": "  "}, "recommend"),
        ({"recommend": 6}, "why_low"),  # shown to a detractor, and required
        ({"recommend": 4, "why_low": ["fees", "taxes"]}, "why_low"),
    ],
)
def test_a_wrong_answer_is_refused_naming_the_question(feedback_world, answers, question):
    assert question in refused(feedback_world["nps"], feedback_world["clients"]["a"], answers)


def test_skip_logic_hides_and_drops(feedback_world):
    client = feedback_world["clients"]["a"]
    passive = responses.submit(feedback_world["nps"], client, {"recommend": 7, "why_low": ["fees"], "stray": 1})
    assert passive.answers == {"recommend": 7}  # why_low was not shown to a passive: not stored
    detractor = responses.submit(
        feedback_world["nps"], client, {"recommend": "6", "why_low": ["app", "fees"], "effort": 2, "stars": 3}
    )
    assert detractor.answers["why_low"] == ["fees", "app"] and detractor.nps_score == 6
    assert detractor.ces_score == 2 and detractor.csat_score is None and detractor.nps_category == "Detractor"


@pytest.mark.parametrize(("score", "band"), [(6, "Detractor"), (7, "Passive"), (8, "Passive"), (9, "Promoter")])
def test_the_nps_score_and_band_come_from_the_answer(feedback_world, score, band):
    answers = {"recommend": score, "why_low": ["fees"]}
    response = responses.submit(feedback_world["nps"], feedback_world["clients"]["a"], answers)
    assert response.nps_score == score and response.nps_category == band
    assert CareTask.objects.filter(source_name=response.pk).exists() == (band == "Detractor")


def test_a_closed_survey_takes_no_answers(feedback_world):
    survey = feedback_world["nps"]
    survey.status = "Closed"
    survey.save()
    assert survey.survey_name in refused(survey, feedback_world["clients"]["a"], {"recommend": 9})


def test_html_in_free_text_is_stored_as_text(feedback_world, api_as):  # noqa: F811
    text = '<script>alert("x")</script><b>佣金</b>太高'
    response = responses.submit(
        feedback_world["nps"], feedback_world["clients"]["a"], {"recommend": 9, "comment": text}
    )
    assert response.comment == text and response.answers["comment"] == text
    api = api_as(feedback_world["cm"])
    assert api.get(f"{URL}/{response.pk}").json()["data"]["comment"] == text
    from django.test import Client

    desk = Client()
    desk.force_login(feedback_world["cm"])
    page = desk.get(f"/app/securities_crm/surveyresponse/{response.pk}/change/").content.decode()
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_a_detractor_gets_one_follow_up_task_however_often_it_is_submitted(feedback_world):
    client = feedback_world["clients"]["a"]
    survey = feedback_world["nps"]
    first = responses.submit(
        survey,
        client,
        {"recommend": 2, "why_low": ["adviser"]},
        context_doctype="Care Task",
        context_name=_care(client).pk,
    )
    again = responses.submit(
        survey,
        client,
        {"recommend": 3, "why_low": ["fees"]},
        context_doctype="Care Task",
        context_name=first.context_name,
    )
    assert again.pk == first.pk and again.nps_score == 3  # the same response, its answers replaced
    again.save()
    tasks = CareTask.objects.filter(kind="feedback")
    assert tasks.count() == 1
    task = tasks.get()
    assert task.assigned_to == feedback_world["cm"] and task.client == client
    assert task.source_doctype == "Survey Response" and task.source_name == first.pk
    # by the end of tomorrow, the site's tomorrow (a UTC date would be a day behind from 16:00 UTC on)
    assert (task.due_on - timezone.localdate(task.creation)).days == 1


def test_a_low_csat_is_followed_up_and_a_fair_one_is_not(feedback_world):
    client = feedback_world["clients"]["b"]
    responses.submit(feedback_world["csat"], client, {"csat": 3})
    assert not CareTask.objects.exists()
    responses.submit(feedback_world["csat"], client, {"csat": 2, "comment": "等太久"})
    assert "CSAT 2" in CareTask.objects.get().subject


def _care(client):
    from django.utils import timezone

    task = CareTask(client=client, subject="回访", due_on=timezone.localdate())
    task.save()
    return task


def test_a_context_must_be_the_clients_own(feedback_world):
    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    theirs = _care(b)
    with pytest.raises(ValidationError) as error:
        responses.submit(
            feedback_world["nps"], a, {"recommend": 9}, context_doctype="Care Task", context_name=theirs.pk
        )
    assert "context_name" in error.value.message_dict
    assert not SurveyResponse.objects.exists()


def test_who_sees_a_response(feedback_world, api_as):  # noqa: F811
    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    mine = responses.submit(feedback_world["nps"], a, {"recommend": 9})
    theirs = responses.submit(feedback_world["nps"], b, {"recommend": 10})
    portal = api_as(feedback_world["portal"])
    assert portal.get(f"{URL}/{mine.pk}").status_code == 200
    assert portal.get(f"{URL}/{theirs.pk}").status_code == 404
    listed = portal.get(URL, {"fields": '["name"]', "limit_page_length": 0}).json()["data"]
    assert [r["name"] for r in listed] == [mine.pk]
    for role in ("cm", "marketing"):
        assert api_as(feedback_world[role]).get(f"{URL}/{theirs.pk}").status_code == 200
    assert api_as(feedback_world["agents"][0]).get(f"{URL}/{theirs.pk}").status_code == 200
    assert api_as(feedback_world["compliance"]).get(f"{URL}/{theirs.pk}").status_code in (403, 404)
    # no generic route writes a response: not even the client's own, not through the body's client
    assert portal.post(
        URL, {"survey": feedback_world["nps"].pk, "client": b.pk, "answers": {"recommend": 1}}
    ).status_code in (403, 404, 417)
    assert portal.put(f"{URL}/{mine.pk}", {"answers": {"recommend": 0}}).status_code in (403, 404, 417)
    assert SurveyResponse.objects.get(pk=mine.pk).nps_score == 9


# --- distribution: the throttle, one-time links, the triggers -----------------------------------
def test_the_throttle_asks_a_client_once_in_n_days_but_not_for_csat(feedback_world, settings):
    from securities_crm.feedback import distribution

    settings.CRM_SURVEY_THROTTLE_DAYS = 30
    a = feedback_world["clients"]["a"]
    other = make_survey("活动满意度", trigger="Event Ended")
    assert distribution.invite(feedback_world["nps"], a, occasion="first") is not None
    assert distribution.invite(other, a, occasion="second") is None  # another survey, within 30 days
    assert distribution.invite(feedback_world["csat"], a, occasion="TKT-1") is not None  # transactional CSAT
    assert distribution.invite(feedback_world["nps"], feedback_world["clients"]["b"], occasion="first") is not None
    settings.CRM_SURVEY_THROTTLE_DAYS = 0  # the threshold is data: with none, the client may be asked again
    assert distribution.invite(other, a, occasion="second") is not None
    assert distribution.invite(other, a, occasion="second") is None  # the same occasion once


def test_the_throttle_is_data_that_marketing_keeps(feedback_world, api_as, make_user, branch, english):  # noqa: F811
    from securities_crm.doctype.feedback_settings.model import FeedbackSettings
    from securities_crm.feedback import distribution

    a = feedback_world["clients"]["a"]
    other = make_survey("活动满意度", trigger="Event Ended")
    marketing = make_user("mkt_settings", roles=["Marketing"], branch=branch)
    url = "/api/resource/Feedback Settings"
    r = api_as(marketing).post(
        url, {"name": "Feedback Settings", "throttle_days": 7, "link_days": 0}, headers={"Accept-Language": "en"}
    )
    assert r.status_code == 417  # a link lasts at least a day; nothing saved
    assert "Link Lifetime (Days): Ensure this value is greater than or equal to 1" in r.json()["_server_messages"]
    assert not FeedbackSettings.objects.exists()
    r = api_as(marketing).post(url, {"name": "Other", "throttle_days": 7})
    assert r.status_code == 417 and not FeedbackSettings.objects.exists()  # only one record, by its name
    assert api_as(marketing).post(url, {"name": "Feedback Settings", "throttle_days": 0}).status_code == 200
    assert api_as(make_user("cm_settings", roles=["Client Manager"], branch=branch)).put(
        f"{url}/Feedback Settings", {"throttle_days": 365}
    ).status_code in (403, 404)
    assert FeedbackSettings.get_solo().throttle_days == 0
    assert distribution.invite(feedback_world["nps"], a, occasion="first") is not None
    assert distribution.invite(other, a, occasion="second") is not None  # no limit, as Marketing set it


def test_a_one_time_link_answers_once(feedback_world, client, english):
    from securities_crm.feedback import distribution

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    a = feedback_world["clients"]["a"]
    invitation = distribution.invite(feedback_world["nps"], a, occasion="link")
    from securities_crm.doctype.outbox_message.model import OutboxMessage

    sent = OutboxMessage.objects.filter(context_doctype="Survey Invitation", context_name=invitation.pk)
    assert sent.count() == 1  # the invitation went out through the outbox, once; its link is the one we use
    url = sent.get().body.split()[-1]
    assert url.startswith("/portal/s/")
    assert client.get(url).status_code == 200  # no sign-in needed
    wrong = client.post(url, {"recommend": "12"})
    assert wrong.status_code == 417 and "recommend" in wrong.content.decode() and not SurveyResponse.objects.exists()
    done = client.post(url, {"recommend": "9", "comment": "<b>好</b>"})
    assert done.status_code == 200 and SurveyResponse.objects.count() == 1
    response = SurveyResponse.objects.get()
    assert response.invitation == invitation and response.client == a and response.channel == invitation.channel
    again = client.post(url, {"recommend": "0", "why_low": "fees"})
    assert again.status_code == 410 and "already been answered" in again.content.decode()
    assert SurveyResponse.objects.count() == 1 and SurveyResponse.objects.get().nps_score == 9
    assert not CareTask.objects.exists()  # the detractor's second try stored nothing
    # and the database refuses a second response on the same invitation whatever route tries
    with pytest.raises(ValidationError):
        responses.submit(feedback_world["nps"], a, {"recommend": 1, "why_low": ["app"]}, invitation=invitation)


def test_an_expired_or_forged_link_gets_a_polite_page_and_stores_nothing(feedback_world, client, settings, english):
    from django.core import signing

    from securities_crm.feedback import distribution

    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    invitation = distribution.invite(feedback_world["nps"], feedback_world["clients"]["a"], occasion="old")
    token = distribution.token(invitation)
    forged = token[:-3] + ("AAA" if not token.endswith("AAA") else "BBB")
    other_salt = signing.dumps({"n": invitation.nonce}, salt="securities_crm.csat")
    for bad in (forged, other_salt, "nonsense"):
        page = client.post(f"/portal/s/{bad}/", {"recommend": "9"})
        assert page.status_code == 404 and "not valid" in page.content.decode()
    type(invitation).objects.filter(pk=invitation.pk).update(expires_at=invitation.creation)
    page = client.post(f"/portal/s/{token}/", {"recommend": "9"})
    assert page.status_code == 410 and "expired" in page.content.decode()
    settings.CRM_SURVEY_LINK_DAYS = 0  # the signature's own age limit, too
    assert distribution.open_link(token).problem == "expired"
    assert not SurveyResponse.objects.exists()


def test_a_rated_ticket_is_a_csat_response_about_the_ticket(feedback_world, client):
    from service_fixtures import make_policy, make_ticket

    from securities_crm.core import workflow

    make_policy()
    a = feedback_world["clients"]["a"]
    ticket = make_ticket("开户咨询", client=a, channel="Portal")
    workflow.apply(ticket, "resolve", feedback_world["agents"][0], "已解答")
    client.force_login(feedback_world["portal"])
    client.post(f"/portal/requests/{ticket.pk}/rate/", {"csat_score": "1", "csat_comment": "<i>太慢</i>"})
    ticket.refresh_from_db()
    assert ticket.csat_score == 1
    response = SurveyResponse.objects.get()
    assert response.survey == feedback_world["csat"] and response.csat_score == 1 and response.comment == "<i>太慢</i>"
    assert (response.context_doctype, response.context_name, response.channel) == (
        "Service Ticket",
        ticket.pk,
        "Portal",
    )
    assert CareTask.objects.get(kind="feedback").source_name == response.pk  # CSAT ≤ 2 closes the loop


def test_after_an_event_each_attendee_is_invited_about_it(feedback_world):
    from securities_crm.core import hooks
    from securities_crm.doctype.survey_invitation.model import SurveyInvitation

    survey = make_survey("投教活动反馈", trigger="Event Ended")

    class Event:  # what the app event carries: feedback reads only its key
        pk = "EVT-2026-00001"

    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    hooks.fire("event_ended", Event(), [a.pk, b.pk])
    hooks.fire("event_ended", Event(), [a.pk, b.pk])  # told twice: invited once
    rows = SurveyInvitation.objects.filter(survey=survey).order_by("client_id")
    assert [(r.client_id, r.context_doctype, r.context_name) for r in rows] == [
        (a.pk, "Event", Event.pk),
        (b.pk, "Event", Event.pk),
    ]


def test_a_scheduled_survey_goes_to_its_segment_when_its_time_comes(feedback_world):
    import datetime as dt

    from segment_fixtures import DAY1, segment

    from securities_crm.doctype.survey_invitation.model import SurveyInvitation
    from securities_crm.feedback import distribution
    from securities_crm.segments import membership

    seg = segment("Active Clients", rule={"field": "status", "op": "=", "value": "Active"})
    membership.refresh_segments(DAY1, [seg])
    survey = make_survey("半年度NPS", trigger="Schedule", segment=seg, schedule="0 10 1 3,9 *")
    type(survey).objects.filter(pk=survey.pk).update(creation=_at("2026-02-20 09:00"))
    assert distribution.run_schedules(_at("2026-02-28 12:00")) == {}  # not yet
    sent = distribution.run_schedules(_at("2026-03-01 10:30"))
    members = set(membership.Client.objects.filter(membership.current_members(seg)).values_list("pk", flat=True))
    assert sent[survey.pk] == len(members) == SurveyInvitation.objects.filter(survey=survey).count() > 0
    assert distribution.run_schedules(_at("2026-03-02 10:30")) == {}  # ran already for 1 March
    assert dt.date(2026, 3, 1) == type(survey).objects.get(pk=survey.pk).last_run_at.date()


def _at(text):
    from service_fixtures import at

    return at(text)


# --- the API method and the portal ---------------------------------------------------------------
METHOD = "/api/method/securities_crm.api.feedback.submit"


def test_the_api_method_answers_for_the_signed_in_client_only(feedback_world, api_as):  # noqa: F811
    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    app = api_as(feedback_world["portal"])
    survey = feedback_world["nps"].pk
    wrong = app.post(METHOD, {"survey": survey, "answers": {"recommend": 3}})
    assert wrong.status_code == 417 and "why_low" in wrong.content.decode()
    assert not SurveyResponse.objects.exists()
    theirs = _care(b)
    for body in (
        {"survey": survey, "answers": {"recommend": 9}, "client": b.pk},
        {"survey": survey, "answers": {"recommend": 9}, "context": {"doctype": "Care Task", "name": theirs.pk}},
        {"survey": "SRV-99999", "answers": {"recommend": 9}},
    ):
        assert app.post(METHOD, body).status_code == 404
    assert not SurveyResponse.objects.exists()
    ok = app.post(METHOD, {"survey": survey, "answers": '{"recommend": 10, "comment": "\\u5f88\\u597d"}'})
    assert ok.status_code == 200, ok.content
    data = ok.json()["message"]
    assert data["client"] == a.pk and data["nps_score"] == 10 and data["channel"] == "App"
    staff = api_as(feedback_world["cm"]).post(METHOD, {"survey": survey, "answers": {"recommend": 9}})
    assert staff.status_code == 403


def test_the_portal_form_and_my_feedback(feedback_world, client):
    a = feedback_world["clients"]["a"]
    feedback_world["nps"].trigger = "Manual"
    feedback_world["nps"].save()
    client.force_login(feedback_world["portal"])
    home = client.get("/portal/feedback/")
    assert home.status_code == 200 and feedback_world["nps"].survey_name in home.content.decode()
    url = f"/portal/feedback/survey/{feedback_world['nps'].pk}/"
    form = client.get(url).content.decode()
    assert 'name="recommend"' in form and "data-show-if" in form
    assert client.post(url, {"recommend": "5"}).status_code == 417 and not SurveyResponse.objects.exists()
    done = client.post(url, {"recommend": "5", "why_low": ["fees", "app"], "comment": "<script>x()</script>"})
    mine = SurveyResponse.objects.get()
    assert done.status_code == 302 and mine.client == a and mine.channel == "Portal"
    page = client.get(f"/portal/feedback/response/{mine.pk}/").content.decode()
    assert "&lt;script&gt;x()" in page and "<script>x()" not in page
    assert client.get(f"/portal/feedback/survey/{feedback_world['csat'].pk}/").status_code == 404  # not an open form
    theirs = responses.submit(feedback_world["nps"], feedback_world["clients"]["b"], {"recommend": 9})
    assert client.get(f"/portal/feedback/response/{theirs.pk}/").status_code == 404
    assert theirs.pk not in client.get("/portal/feedback/").content.decode()


def test_my_feedback_is_in_the_privacy_data_copy(feedback_world):
    from securities_crm.doctype.data_subject_request.model import DataSubjectRequest
    from securities_crm.security import privacy

    a = feedback_world["clients"]["a"]
    mine = responses.submit(feedback_world["nps"], a, {"recommend": 8, "comment": "还行"})
    responses.submit(feedback_world["nps"], feedback_world["clients"]["b"], {"recommend": 9})
    dsr = DataSubjectRequest(client=a, request_type="Access")
    dsr.save()
    package = privacy.data_package(dsr, feedback_world["compliance"])
    assert [(r["name"], r["nps_score"], r["comment"]) for r in package["feedback"]] == [(mine.pk, 8, "还行")]


def test_staff_enter_answers_taken_on_a_return_visit_call(feedback_world, client, settings):
    from securities_crm.feedback import distribution

    settings.CRM_SURVEY_THROTTLE_DAYS = 30
    a = feedback_world["clients"]["a"]
    visit = make_survey("回访满意度", trigger="Care Visit")
    task = _care(a)
    client.force_login(feedback_world["cm"])
    assert (
        f"/surveyresponse/phone/{task.pk}/"
        in client.get(f"/app/securities_crm/caretask/{task.pk}/change/").content.decode()
    )
    url = f"/app/securities_crm/surveyresponse/phone/{task.pk}/"
    page = client.get(url)
    assert page.status_code == 200 and 'name="recommend"' in page.content.decode()
    wrong = client.post(url, {"survey": visit.pk, "answers": "1", "recommend": "4"})
    assert wrong.status_code == 417 and "why_low" in wrong.content.decode() and not SurveyResponse.objects.exists()
    client.post(
        url, {"survey": visit.pk, "answers": "1", "recommend": "4", "why_low": "adviser", "comment": "顾问联系少"}
    )
    made = SurveyResponse.objects.get()
    assert (made.channel, made.entered_by, made.context_doctype, made.context_name) == (
        "Phone",
        feedback_world["cm"],
        "Care Task",
        task.pk,
    )
    assert CareTask.objects.filter(kind="feedback", client=a).count() == 1
    assert distribution.throttled(a)  # a client just asked by phone is not asked again by the schedule
    other = client.get(f"/app/securities_crm/surveyresponse/phone/{_care(feedback_world['clients']['b']).pk}/")
    assert other.status_code == 200  # the same manager's other client
    client.force_login(feedback_world["marketing"])
    assert client.get(url).status_code in (403, 404)


def test_the_responses_list_filters_by_nps_band(feedback_world, client):
    for score, who in ((3, "a"), (8, "b")):
        responses.submit(
            feedback_world["nps"], feedback_world["clients"][who], {"recommend": score, "why_low": ["fees"]}
        )
    client.force_login(feedback_world["marketing"])
    page = client.get("/app/securities_crm/surveyresponse/", {"nps_band": "Detractor"}).content.decode()
    detractor = SurveyResponse.objects.get(nps_score=3)
    assert detractor.pk in page and SurveyResponse.objects.get(nps_score=8).pk not in page


def test_a_response_is_on_the_clients_timeline_for_those_who_may_read_it(feedback_world):
    from securities_crm.desk import timeline

    a = feedback_world["clients"]["a"]
    made = responses.submit(feedback_world["nps"], a, {"recommend": 10})
    events, _more = timeline.page(feedback_world["cm"], a)
    assert [e.detail for e in events if e.url.endswith(f"/{made.pk}/change/")] == ["NPS 10"]
    events, _more = timeline.page(feedback_world["compliance"], a)
    assert not [e for e in events if made.pk in e.url]


def test_feedback_recorded_is_announced_on_each_submission(feedback_world, monkeypatch):
    from securities_crm.core import hooks

    heard = []
    monkeypatch.setitem(hooks._app_handlers, "feedback_recorded", [lambda r: heard.append((r.pk, r.nps_score))])
    a = feedback_world["clients"]["a"]
    task = _care(a)
    first = responses.submit(
        feedback_world["nps"], a, {"recommend": 9}, context_doctype="Care Task", context_name=task.pk
    )
    responses.submit(feedback_world["nps"], a, {"recommend": 10}, context_doctype="Care Task", context_name=task.pk)
    with pytest.raises(ValidationError):
        responses.submit(feedback_world["nps"], a, {"recommend": 11})
    assert heard == [(first.pk, 9), (first.pk, 10)]
