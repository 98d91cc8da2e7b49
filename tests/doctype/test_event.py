"""Event and Event Registration: seats, the waitlist and its promotion (also under concurrent registrations
and cancellations, with exact seat counts), the registration close (417), the audience (404 for others),
check-in tokens (forged, reused, another event's), iCal, reminders and invitations through the outbox,
the follow-up Care Task, event_ended fired once, and the investor-education record's "event" source."""

import datetime as dt
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from api.conftest import api_as, api_key_for  # noqa: E402,F401
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from event_fixtures import make_event, portal_client
from icalendar import Calendar

from securities_crm.core import hooks
from securities_crm.doctype.care_task.model import CareTask
from securities_crm.doctype.event_registration.model import EventRegistration
from securities_crm.doctype.outbox_message.model import OutboxMessage
from securities_crm.education import after, checkin, events, record
from securities_crm.education.calendar import ics

pytestmark = pytest.mark.django_db
REGISTER = "/api/method/securities_crm.api.events.register"


@pytest.fixture
def people(make_user, branch):
    cm = make_user("cm_ev", roles=["Client Manager"], branch=branch)
    staff = make_user("mkt_ev", roles=["Marketing"], branch=branch)
    clients = [portal_client(branch, cm, 40 + i) for i in range(4)]
    return {"cm": cm, "staff": staff, "clients": clients, "branch": branch}


def statuses(event):
    return list(EventRegistration.objects.filter(event=event).order_by("client_id").values_list("status", flat=True))


def seats(event):
    return EventRegistration.objects.filter(event=event, status__in=["Registered", "Attended"]).count()


def test_past_capacity_goes_to_the_waitlist_and_a_cancellation_promotes_the_first(people):
    event = make_event(capacity=2)
    a, b, c, d = people["clients"]
    regs = [events.register(event, x) for x in (a, b, c, d)]
    assert [r.status for r in regs] == ["Registered", "Registered", "Waitlisted", "Waitlisted"]
    assert [r.waitlist_position for r in regs[2:]] == [1, 2]
    assert events.register(event, c).pk == regs[2].pk  # registering again changes nothing
    events.cancel(regs[0])
    regs = [EventRegistration.objects.get(pk=r.pk) for r in regs]
    assert [r.status for r in regs] == ["Cancelled", "Registered", "Registered", "Waitlisted"]
    assert regs[2].promoted_at is not None and seats(event) == 2
    promoted = OutboxMessage.objects.get(client=c, dedup_key__startswith="event-promoted:")
    assert promoted.context_name == regs[2].pk
    back = events.register(event, a)  # the one who cancelled comes back: end of the queue
    assert EventRegistration.objects.get(pk=regs[3].pk).waitlist_position == 1  # moved up
    assert back.pk == regs[0].pk and back.status == "Waitlisted" and back.waitlist_position == 2
    events.cancel(regs[3])  # a waitlisted one leaving frees no seat, and those behind move up
    back.refresh_from_db()
    assert (back.status, back.waitlist_position, seats(event)) == ("Waitlisted", 1, 2)


def _in_threads(calls):
    """Run the calls at once, each on its own thread (its own database connection); returns errors."""
    errors, start = [], threading.Barrier(len(calls))

    def run(fn):
        try:
            start.wait()
            fn()
        except Exception as exc:  # collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(fn,)) for fn in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_and_cancellations_keep_the_seat_count_exact(make_user, branch):
    """Eight clients register at once for three seats; then two seated clients cancel while three more
    register, all at once. The seats taken are exactly the capacity each time, the waitlist is numbered
    without gaps or repeats, and the two freed seats go to the first two waiting."""
    cm = make_user("cm_race", roles=["Client Manager"], branch=branch)
    clients = [portal_client(branch, cm, 60 + i) for i in range(11)]
    event = make_event(capacity=3)
    assert not _in_threads([lambda c=c: events.register(event, c) for c in clients[:8]])
    assert seats(event) == 3
    waiting = EventRegistration.objects.filter(event=event, status="Waitlisted")
    assert sorted(waiting.values_list("waitlist_position", flat=True)) == [1, 2, 3, 4, 5]
    first_two = list(waiting.order_by("waitlist_position").values_list("client_id", flat=True)[:2])
    seated = list(EventRegistration.objects.filter(event=event, status="Registered")[:2])
    calls = [lambda r=r: events.cancel(r) for r in seated] + [
        lambda c=c: events.register(event, c) for c in clients[8:]
    ]
    assert not _in_threads(calls)
    assert seats(event) == 3
    now_seated = set(
        EventRegistration.objects.filter(event=event, status="Registered").values_list("client_id", flat=True)
    )
    assert set(first_two) <= now_seated
    positions = list(
        EventRegistration.objects.filter(event=event, status="Waitlisted").values_list("waitlist_position", flat=True)
    )
    assert sorted(positions) == [1, 2, 3, 4, 5, 6]  # 3 left waiting + 3 newcomers, each with its own place
    assert EventRegistration.objects.filter(event=event).count() == 11


def test_more_seats_by_rest_move_the_waitlist_up(people, api_as, make_user, branch):
    a, b = people["clients"][:2]
    event = make_event(capacity=1)
    events.register(event, a)
    second = events.register(event, b)
    assert second.status == "Waitlisted"
    marketing = make_user("mkt_events", roles=["Marketing"], branch=branch)
    r = api_as(marketing).put(f"/api/resource/Event/{event.pk}", {"capacity": 2})
    assert r.status_code == 200, r.content
    assert EventRegistration.objects.get(pk=second.pk).status == "Registered" and seats(event) == 2


def test_registration_after_the_close_is_417(people, api_as):
    event = make_event(registration_closes=timezone.now() - dt.timedelta(minutes=1))
    api = api_as(people["clients"][0].user)
    r = api.post(REGISTER, {"event": event.pk}, headers={"Accept-Language": "en"})
    assert r.status_code == 417 and "Registration for this event has closed" in r.json()["_server_messages"]
    assert not EventRegistration.objects.exists()
    opened = make_event("开放的讲座")
    r = api.post(REGISTER, {"event": opened.pk, "wants_contact": "1"})
    assert r.status_code == 200, r.content
    data = r.json()["message"]
    assert data["status"] == "Registered" and data["wants_contact"] is True and data["event"] == opened.pk


def test_an_audience_that_excludes_the_client_is_a_404(people, api_as):
    cautious = people["clients"][0]  # C1
    type(cautious).objects.filter(pk=cautious.pk).update(risk_level="C1")
    cautious.refresh_from_db()
    bold = people["clients"][1]
    type(bold).objects.filter(pk=bold.pk).update(risk_level="C4")
    event = make_event("期权进阶培训", audience_risk_levels=["C4", "C5"], kind="Training Class")
    draft = make_event("未发布的活动", status="Draft")
    api = api_as(cautious.user)
    assert api.get(f"/api/resource/Event/{event.pk}").status_code == 404
    assert api.post(REGISTER, {"event": event.pk}).status_code == 404
    listed = api.get("/api/resource/Event", {"fields": '["name"]', "limit": 0}).json()["data"]
    assert event.pk not in [e["name"] for e in listed] and draft.pk not in [e["name"] for e in listed]
    assert not EventRegistration.objects.exists()
    bold_api = api_as(bold.user)
    assert bold_api.get(f"/api/resource/Event/{event.pk}").status_code == 200
    assert bold_api.get(f"/api/resource/Event/{draft.pk}").status_code == 404
    assert bold_api.post(REGISTER, {"event": event.pk}).json()["message"]["status"] == "Registered"
    assert api_as(people["staff"]).get(f"/api/resource/Event/{event.pk}").status_code == 200


def test_an_audience_by_investor_type_and_segment(people):
    from segment_fixtures import segment

    from securities_crm.doctype.segment_membership.model import SegmentMembership

    a, b = people["clients"][:2]
    seg = segment("高净值客户", rule={"field": "status", "op": "=", "value": "Active"})
    SegmentMembership(segment=seg, client=a, entered_on=timezone.localdate()).save()
    event = make_event(audience_investor_types=["Ordinary"])
    assert event.admits(a) and event.admits(b)
    event.audience_segments.set([seg])
    assert event.admits(a) and not event.admits(b)
    with pytest.raises(ValidationError) as bad:
        make_event(audience_investor_types=["Professional IV"])
    assert "audience_investor_types" in bad.value.message_dict


def test_check_in_tokens_work_once_and_only_for_their_event(people, english):
    event, other = make_event(capacity=1), make_event("另一场沙龙", kind="Salon")
    a, b = people["clients"][:2]
    seated, waiting = events.register(event, a), events.register(event, b)
    elsewhere = events.register(other, a)
    staff = people["staff"]

    def refused(value, at=event):
        with pytest.raises(ValidationError) as exc:
            checkin.check_in(at, value, staff)
        return exc.value.message_dict["token"][0]

    good = checkin.token(seated)
    assert "not issued by us" in refused(good[:-2] + ("AA" if not good.endswith("AA") else "BB"))  # altered
    forged = signing.dumps({"r": seated.pk, "e": event.pk}, key="not-our-secret", salt=checkin.SALT)
    assert "not issued by us" in refused(forged)
    assert "another event" in refused(checkin.token(elsewhere)) and "另一场沙龙" in refused(checkin.token(elsewhere))
    assert "holds no seat" in refused(checkin.token(waiting))
    done = checkin.check_in(event, good, staff)
    assert done.status == "Attended" and done.checked_in_by == staff and done.checked_in_at is not None
    assert "already been used" in refused(good)
    assert checkin.qr_svg(seated).lstrip().startswith("<?xml") and "<svg" in checkin.qr_svg(seated)


def test_check_in_over_the_api_is_for_staff(people, api_as):
    event = make_event()
    reg = events.register(event, people["clients"][0])
    url = "/api/method/securities_crm.api.events.check_in"
    assert (
        api_as(people["clients"][0].user).post(url, {"event": event.pk, "token": checkin.token(reg)}).status_code == 403
    )
    r = api_as(people["staff"]).post(url, {"event": event.pk, "token": checkin.token(reg)})
    assert r.status_code == 200 and r.json()["message"]["status"] == "Attended"
    again = api_as(people["staff"]).post(url, {"event": event.pk, "token": checkin.token(reg)})
    assert again.status_code == 417 and "token" in again.json()["_server_messages"]
    counts = api_as(people["staff"]).get("/api/method/securities_crm.api.events.attendance", {"event": event.pk})
    assert counts.json()["message"]["attended"] == 1


def test_the_ical_file(people):
    event = make_event(sessions=2)
    reg = events.register(event, people["clients"][0])
    cal = Calendar.from_ical(ics(event, reg))
    items = cal.walk("VEVENT")
    assert [str(i["summary"]) for i in items] == ["投资者教育讲座 · 第1场", "投资者教育讲座 · 第2场"]
    first = event.sessions.order_by("starts_at").first()
    assert items[0].decoded("dtstart") == first.starts_at and str(items[0]["location"]) == "上海营业部三楼"
    assert str(items[1]["url"]) == "https://meet.example.cn/room"
    assert str(items[0]["uid"]).endswith(f"-{reg.pk}@securities-crm")


def test_reminders_the_day_before_and_the_hour_before_once_each(people):
    event = make_event(starts_in=dt.timedelta(hours=20))
    a, b, c = people["clients"][:3]
    for x in (a, b):
        events.register(event, x)
    events.cancel(events.register(event, c))
    now = timezone.now()
    assert after.send_reminders(now) == {"day": 2, "hour": 0}
    assert after.send_reminders(now) == {"day": 2, "hour": 0}  # the same rows: the outbox keeps one per key
    assert OutboxMessage.objects.filter(dedup_key__startswith="event-remind-day:").count() == 2
    assert after.send_reminders(event.starts_at - dt.timedelta(minutes=50))["hour"] == 2
    assert OutboxMessage.objects.filter(dedup_key__startswith="event-remind-hour:").count() == 2
    assert not OutboxMessage.objects.filter(client=c).exists()


def test_invitations_go_once_and_only_to_the_audience(people):
    a, b, c = people["clients"][:3]
    type(c).objects.filter(pk=c.pk).update(risk_level="C1")
    c.refresh_from_db()
    event = make_event(audience_risk_levels=["C3"])
    assert events.invite(event, clients=[a, b, c]) == 2
    assert events.invite(event, clients=[a, b, c]) == 0
    assert sorted(OutboxMessage.objects.values_list("client_id", flat=True)) == sorted([a.pk, b.pk])


def test_after_the_event_follow_up_tasks_and_event_ended_once(people):
    fired = []
    handlers = hooks._app_handlers.setdefault("event_ended", [])
    recorder = lambda event, ids: fired.append((event.pk, list(ids)))  # noqa: E731
    handlers.append(recorder)
    try:
        event = make_event(capacity=3)
        a, b, c = people["clients"][:3]
        ra = events.register(event, a, wants_contact=True)
        rb = events.register(event, b, wants_contact=False)
        events.register(event, c, wants_contact=True)  # a no-show: no follow-up
        for reg in (ra, rb):
            checkin.check_in(event, checkin.token(reg), people["staff"])
        over = event.ends_at + dt.timedelta(minutes=1)
        assert after.finish_ended(event.ends_at - dt.timedelta(minutes=1)) == []
        assert after.finish_ended(over) == [event.pk]
        assert after.finish_ended(over + dt.timedelta(hours=1)) == []
        assert fired == [(event.pk, sorted([a.pk, b.pk]))]
        task = CareTask.objects.get()
        assert task.client == a and task.kind == "manual" and task.assigned_to == people["cm"]
        assert (task.source_doctype, task.source_name) == ("Event Registration", ra.pk)
        event.refresh_from_db()
        assert event.ended_at is not None
        assert after.attendance(event, over) == {
            "capacity": 3,
            "seats_taken": 3,
            "registered": 1,
            "attended": 2,
            "waitlisted": 0,
            "cancelled": 0,
            "no_shows": 1,
        }
    finally:
        handlers.remove(recorder)


def test_the_education_record_counts_attended_events_with_session_hours(people):
    online = make_event("线上直播", kind="Webinar", hours=1, sessions=1)
    online.sessions.update(place="", link="https://live.example.cn/1")
    two = make_event(sessions=2, hours=2)
    a = people["clients"][0]
    for event in (online, two):
        checkin.check_in(event, checkin.token(events.register(event, a)), people["staff"])
    events.register(make_event("没来的讲座"), a)
    rows = sorted((r for r in record.activities([a.pk]) if r.source == "event"), key=lambda r: (r.hours, r.title))
    assert [(r.title, r.kind, r.channel, r.hours) for r in rows] == [
        ("线上直播", "Webinar", "Online", 1.0),
        ("投资者教育讲座", "Lecture", "Offline", 4.0),
    ]


def _portal(user):
    from django.test import Client as Browser

    browser = Browser(HTTP_ACCEPT_LANGUAGE="zh-hans")
    browser.force_login(user)
    return browser


def test_the_portal_pages(people):
    a, b = people["clients"][:2]
    type(b).objects.filter(pk=b.pk).update(risk_level="C1")
    event = make_event(capacity=1, audience_risk_levels=["C3"])
    page = _portal(a.user)
    listed = page.get("/portal/events/")
    assert listed.status_code == 200 and event.event_name in listed.content.decode()
    assert event.event_name not in _portal(b.user).get("/portal/events/").content.decode()
    for url in (f"/portal/events/{event.pk}/", f"/portal/events/{event.pk}/calendar.ics"):
        assert _portal(b.user).get(url).status_code == 404  # the audience leaves a C1 client out
    assert _portal(b.user).post(f"/portal/events/{event.pk}/", {"action": "register"}).status_code == 404
    assert page.get(f"/portal/events/{event.pk}/qr/").status_code == 404  # not registered yet
    done = page.post(f"/portal/events/{event.pk}/", {"action": "register", "wants_contact": "1"})
    assert done.status_code == 302
    reg = EventRegistration.objects.get(event=event, client=a)
    assert reg.status == "Registered" and reg.wants_contact
    qr = page.get(f"/portal/events/{event.pk}/qr/")
    assert qr.status_code == 200 and "data:image/svg+xml;base64," in qr.content.decode()
    cal = page.get(f"/portal/events/{event.pk}/calendar.ics")
    assert cal["Content-Type"].startswith("text/calendar") and b"BEGIN:VEVENT" in cal.content
    page.post(f"/portal/events/{event.pk}/", {"action": "cancel"})
    assert EventRegistration.objects.get(pk=reg.pk).status == "Cancelled"


def test_the_desk_event_page_and_check_in(people):
    from django.test import Client as Browser

    event = make_event()
    reg = events.register(event, people["clients"][0])
    desk = Browser(HTTP_ACCEPT_LANGUAGE="zh-hans")
    desk.force_login(people["staff"])
    page = desk.get(f"/app/securities_crm/event/{event.pk}/change/")
    assert page.status_code == 200 and people["clients"][0].client_name in page.content.decode()
    url = f"/app/securities_crm/event/{event.pk}/checkin/"
    assert desk.post(url, {"token": "forged"}).status_code == 417
    assert desk.post(url, {"token": checkin.token(reg)}).status_code == 200
    assert desk.get(url + "count/").json()["attended"] == 1
    client_side = _portal(people["clients"][0].user)
    assert client_side.get(url).status_code in (302, 403)  # not for clients


def test_more_seats_move_the_waitlist_up_and_segments_are_invited_once(people):
    from segment_fixtures import segment

    from securities_crm.doctype.segment_membership.model import SegmentMembership

    a, b, c = people["clients"][:3]
    event = make_event(capacity=1)
    regs = [events.register(event, x) for x in (a, b, c)]
    event.capacity = 2
    event.save()  # any save: the new seat goes to the first on the waitlist
    assert EventRegistration.objects.get(pk=regs[1].pk).status == "Registered"
    assert seats(event) == 2 and EventRegistration.objects.get(pk=regs[2].pk).waitlist_position == 1
    assert events.fill_seats(event) == []  # nothing left to fill
    seg = segment("讲座邀请名单", rule={"field": "status", "op": "=", "value": "Active"})
    for x in (a, b):
        SegmentMembership(segment=seg, client=x, entered_on=timezone.localdate()).save()
    event.audience_segments.set([seg])
    assert events.invite_audience(event) == 2 and events.invite_audience(event) == 0
    assert set(
        OutboxMessage.objects.filter(dedup_key__startswith="event-invite:").values_list("client_id", flat=True)
    ) == {
        a.pk,
        b.pk,
    }
