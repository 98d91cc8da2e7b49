"""Shared helpers for the event tests: an event with one session, and clients with portal sign-ins."""

import datetime as dt

from client_fixtures import new_client
from django.utils import timezone


def make_event(name="投资者教育讲座", *, capacity=2, starts_in=dt.timedelta(days=3), hours=2, sessions=1, **fields):
    from securities_crm.doctype.event.model import Event
    from securities_crm.doctype.event_session.model import EventSession

    starts = (timezone.now() + starts_in).replace(microsecond=0)
    values = dict(
        event_name=name,
        kind="Lecture",
        status="Published",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=hours * max(sessions, 1) + sessions),
        capacity=capacity,
        speakers="王老师",
        agenda="科创板投资者适当性与风险揭示",
    )
    values.update(fields)
    event = Event(**values)
    event.save()
    for i in range(sessions):
        begin = starts + dt.timedelta(hours=i * (hours + 1))
        EventSession(
            event=event,
            idx=i,
            title=f"第{i + 1}场",
            starts_at=begin,
            ends_at=begin + dt.timedelta(hours=hours),
            place="上海营业部三楼" if i == 0 else "",
            link="https://meet.example.cn/room" if i else "",
        ).save()
    return event


def portal_client(branch, manager, seq, *, risk_level="C3", **fields):
    """A client with a portal sign-in (username client<seq>, password pw-client<seq>) and a risk level."""
    from django.contrib.auth.models import Group, User

    user = User.objects.create_user(f"client{seq}", password=f"pw-client{seq}")
    user.groups.add(Group.objects.get(name="Client"))
    client = new_client(branch, manager, seq, user=user, email=f"c{seq}@example.cn", **fields)
    type(client).objects.filter(pk=client.pk).update(risk_level=risk_level)
    client.refresh_from_db()
    return client
