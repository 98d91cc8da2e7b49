"""Notifications: notify() writes to each recipient's inbox, which only its owner reads, in every role."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from securities_crm.core.session import acting_as
from securities_crm.doctype.notification_log.model import NotificationLog
from securities_crm.notifications import mark_read, notify, unread_count
from securities_crm.permissions import policy

from .conftest import ROLES


def test_notify_writes_one_row_per_recipient_with_sender_and_document(staff_by_role, branch):
    cm, bm = staff_by_role["Client Manager"], staff_by_role["Branch Manager"]
    with acting_as("compliance_officer"):
        log = notify(cm, "请补充客户 KYC 资料", "证件已过期", doc=branch, kind="Assignment")
        both = notify([bm, "advisor"], "营业部例会")
    assert log.for_user == cm and log.from_user == "compliance_officer" and log.type == "Assignment"
    assert (log.document_type, log.document_name) == ("Branch", "SH01")
    assert not log.read and log.owner == "compliance_officer"
    assert [n.for_user.username for n in both] == ["branch_manager", "advisor"]
    assert unread_count(cm) == 1 and unread_count(bm) == 1


def test_notify_refuses_unknown_users_and_kinds_and_writes_nothing(staff_by_role):
    from django.core.exceptions import ValidationError

    with pytest.raises(User.DoesNotExist):
        notify([staff_by_role["Advisor"], "no_such_user"], "x")
    with pytest.raises(ValidationError):
        notify(staff_by_role["Advisor"], "x", kind="Spam")
    assert NotificationLog.objects.count() == 0


def test_mark_read(staff_by_role):
    advisor = staff_by_role["Advisor"]
    first, _second = notify([advisor, advisor], "一", "")
    assert mark_read(advisor, [first.name]) == 1
    assert unread_count(advisor) == 1
    assert mark_read(advisor) == 1 and unread_count(advisor) == 0


@pytest.mark.parametrize("role", ROLES)
def test_record_rule_keeps_each_inbox_private_in_every_role(staff_by_role, portal_client, role):
    for user in [*staff_by_role.values(), portal_client]:
        notify(user, f"for {user.username}")
    me = staff_by_role[role]
    visible = policy.filter_queryset(me, NotificationLog.objects.all())
    assert [n.for_user_id for n in visible] == [me.pk]
    other = NotificationLog.objects.exclude(for_user=me).first()
    assert not policy.can(me, "read", other)
    assert not policy.can(me, "write", other)


def test_the_portal_client_sees_only_their_own(staff_by_role, portal_client):
    notify(portal_client, "您的风险测评即将到期")
    notify(staff_by_role["Advisor"], "内部消息")
    visible = policy.filter_queryset(portal_client, NotificationLog.objects.all())
    assert [n.subject for n in visible] == ["您的风险测评即将到期"]


@pytest.mark.parametrize("role", ROLES)
def test_the_desk_inbox_lists_only_ones_own(client, staff_by_role, role):
    for user in staff_by_role.values():
        notify(user, f"subject-for-{user.username}")
    me = staff_by_role[role]
    client.force_login(me)
    html = client.get(reverse("admin:securities_crm_notificationlog_changelist")).content.decode()
    assert f"subject-for-{me.username}" in html
    assert [u for u in staff_by_role.values() if u != me and f"subject-for-{u.username}<" in html] == []


def test_opening_a_notification_reads_it_and_the_sidebar_counts_unread(client, staff_by_role):
    advisor = staff_by_role["Advisor"]
    log = notify(advisor, "新的服务工单")
    client.force_login(advisor)
    home = client.get(reverse("admin:index")).content.decode()
    assert reverse("admin:securities_crm_notificationlog_changelist") in home
    response = client.get(reverse("admin:securities_crm_notificationlog_change", args=[log.pk]))
    assert response.status_code == 200
    log.refresh_from_db()
    assert log.read and unread_count(advisor) == 0


def test_someone_elses_notification_cannot_be_opened(client, staff_by_role):
    log = notify(staff_by_role["Advisor"], "私人消息")
    client.force_login(staff_by_role["Branch Manager"])
    response = client.get(reverse("admin:securities_crm_notificationlog_change", args=[log.pk]))
    assert response.status_code in (302, 404)  # the admin treats a record outside one's queryset as missing
    log.refresh_from_db()
    assert not log.read
