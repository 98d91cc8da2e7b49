"""Care Rules make Care Tasks; a task that fails a 回访 check opens a confidential ticket for Compliance.

Scheduled (run_rules, daily): new accounts, assessments about to expire, birthdays, dormancy. At the
event: a confirmed suitability mismatch (a purchase above the client's level: suitability/service.py
calls after_mismatch), and a closed complaint (complaints.py). Each task's `dedup_key` (rule, client,
occasion) makes every run and every retry create it once. The assignee is the client's client manager,
or the rule's team round robin when it says so or the client has none.
"""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ..doctype.care_rule.model import VISIT_SCRIPT, AssignTo, CareKind, CareRule
from ..doctype.care_task.model import CareTask, Outcome
from ..doctype.client.model import Client, ClientStatus
from ..doctype.holiday.model import Holiday
from ..doctype.securities_account.model import SecuritiesAccount
from ..doctype.trade.model import Trade
from ..notifications import notify
from ..permissions.roles import COMPLIANCE_OFFICER
from . import assignment, tickets

NEW_ACCOUNT_LOOKBACK = 60  # days of account openings each run looks at


def _assignee(rule: CareRule | None, client):
    if (rule is None or rule.assign_to == AssignTo.CLIENT_MANAGER) and client.client_manager_id:
        user = assignment.available(get_user_model().objects.filter(pk=client.client_manager_id)).first()
        if user is not None or rule is None or not rule.team_id:
            return client.client_manager if user is None else user, None
    if rule is not None and rule.team_id:
        members = list(assignment.available(rule.team.members.all()))
        if members:
            count = CareTask.objects.filter(rule=rule).count()
            return members[count % len(members)], rule.team
        return None, rule.team
    return None, None


def make_task(
    rule: CareRule | None, client, occasion: str, due_on: dt.date, subject: str, *, kind: str | None = None, source=None
) -> CareTask | None:
    """The rule's task for this client and occasion, once (None when it exists already)."""
    key = f"{rule.pk if rule else kind}:{client.pk}:{occasion}"[:200]
    if CareTask.objects.filter(dedup_key=key).exists():
        return None
    user, team = _assignee(rule, client)
    task = CareTask(
        client=client,
        kind=rule.kind if rule else kind,
        subject=subject[:200],
        rule=rule,
        due_on=due_on,
        assigned_to=user,
        team=team,
        script=list(rule.script if rule and rule.script else (VISIT_SCRIPT if kind == CareKind.ABOVE_LEVEL else [])),
        dedup_key=key,
        source_doctype=source.doctype.name if source is not None else "",
        source_name=str(source.pk) if source is not None else "",
    )
    try:
        with transaction.atomic():
            task.save()
    except IntegrityError:  # made meanwhile by another run
        return None
    if user is not None:
        notify(
            user,
            _("Care task for you: %(subject)s, due %(date)s") % {"subject": task.subject, "date": due_on.isoformat()},
            doc=task,
            kind="Assignment",
        )
    return task


def _rules(kind: str):
    return list(CareRule.objects.filter(enabled=True, kind=kind).select_related("team"))


# --- at the events ------------------------------------------------------------------------------
def after_mismatch(record) -> CareTask | None:
    """The 回访 after a confirmed suitability mismatch (a purchase above the client's level), due by the
    record's follow-up date. Without a rule for it the task is still made, with the regulator's checks."""
    client = record.client
    subject = _("Return visit (回访): %(client)s bought %(product)s above their level") % {
        "client": client.client_name,
        "product": record.product_id or record.service_offering_id,
    }
    rules = _rules(CareKind.ABOVE_LEVEL)
    if not rules:
        if CareRule.objects.filter(kind=CareKind.ABOVE_LEVEL).exists():
            return None  # the rule is there, switched off
        return make_task(
            None, client, f"record:{record.pk}", record.follow_up_due, subject, kind=CareKind.ABOVE_LEVEL, source=record
        )
    made = None
    for rule in rules:
        due = (
            Holiday.add_working_days(timezone.localdate(record.confirmed_at), rule.days)
            if rule.days
            else record.follow_up_due
        )
        made = (
            make_task(
                rule, client, f"record:{record.pk}", min(due, record.follow_up_due or due), subject, source=record
            )
            or made
        )
    return made


def after_complaint(complaint) -> None:
    if complaint.client_id is None:
        return
    for rule in _rules(CareKind.COMPLAINT_CLOSED):
        make_task(
            rule,
            complaint.client,
            f"complaint:{complaint.pk}",
            Holiday.add_working_days(timezone.localdate(), rule.days),
            _("Visit after complaint %(name)s was closed") % {"name": complaint.pk},
            source=complaint,
        )


def after_transition(task, move, user, reason, values) -> None:
    """A completed task whose check failed opens a confidential ticket for Compliance (hooks.py)."""
    if move.action != "complete" or task.outcome != Outcome.CHECK_FAILED or task.compliance_ticket_id:
        return
    failed = "\n".join(f"- {_(q['question'])}: {_('no')}" for q in task.failed_checks)
    officer = assignment.available(get_user_model().objects.filter(groups__name=COMPLIANCE_OFFICER)).distinct().first()
    ticket = tickets.open_ticket(
        _("回访 check failed: %(client)s (%(task)s)") % {"client": task.client.client_name, "task": task.pk},
        _("Care task %(task)s failed these checks:\n%(failed)s\n\nNotes: %(notes)s")
        % {"task": task.pk, "failed": failed, "notes": task.notes or "-"},
        channel="Phone",
        client=task.client,
        internal=True,
        confidential=True,
        assigned_to=officer,
        sender=user if getattr(user, "pk", None) else None,
    )
    task.compliance_ticket = ticket
    task.save()
    if officer is not None:
        notify(officer, ticket.subject, doc=ticket, kind="Alert")


# --- the daily run ----------------------------------------------------------------------------
def run_rules(today: dt.date | None = None) -> dict:
    """Every enabled scheduled rule, once a day (idempotent)."""
    today = today or timezone.localdate()
    made = {}
    for rule in CareRule.objects.filter(enabled=True).exclude(
        kind__in=[CareKind.ABOVE_LEVEL, CareKind.COMPLAINT_CLOSED, CareKind.FEEDBACK, CareKind.MANUAL]
    ):
        made[rule.pk] = sum(1 for t in RUNNERS[rule.kind](rule, today) if t is not None)
    return made


def _new_accounts(rule, today):
    accounts = SecuritiesAccount.objects.select_related("client", "client__client_manager").filter(
        opened_on__gte=today - dt.timedelta(days=NEW_ACCOUNT_LOOKBACK), opened_on__lte=today
    )
    for account in accounts:
        yield make_task(
            rule,
            account.client,
            f"account:{account.account_number}",
            Holiday.add_working_days(account.opened_on, rule.days),
            _("Welcome visit: new account %(account)s") % {"account": account.account_number},
            source=account,
        )


def _expiring(rule, today):
    for client in Client.objects.filter(
        risk_valid_until__gte=today, risk_valid_until__lte=today + dt.timedelta(days=rule.days)
    ):
        yield make_task(
            rule,
            client,
            f"expiry:{client.risk_valid_until}",
            client.risk_valid_until,
            _("Risk assessment expires on %(date)s") % {"date": client.risk_valid_until},
            source=client,
        )


def _birthdays(rule, today):
    for offset in range(min(rule.days, 31) + 1):
        day = today + dt.timedelta(days=offset)
        for client in Client.objects.filter(
            birth_date__month=day.month, birth_date__day=day.day, status=ClientStatus.ACTIVE
        ):
            yield make_task(
                rule,
                client,
                f"birthday:{day.year}",
                day,
                _("Birthday greeting on %(date)s") % {"date": day.isoformat()},
                source=client,
            )


def _dormant(rule, today):
    cutoff = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=rule.days), dt.time()))
    last = Trade.objects.values("client").annotate(last=Max("trade_time")).filter(last__lt=cutoff)
    clients = {c.pk: c for c in Client.objects.filter(pk__in=[r["client"] for r in last], status=ClientStatus.ACTIVE)}
    for row in last:
        client = clients.get(row["client"])
        if client is not None:
            when = timezone.localdate(row["last"])
            yield make_task(
                rule,
                client,
                f"dormant:{when}",
                today + dt.timedelta(days=7),
                _("No trade since %(date)s") % {"date": when.isoformat()},
                source=client,
            )


RUNNERS = {
    CareKind.NEW_ACCOUNT: _new_accounts,
    CareKind.ASSESSMENT_EXPIRING: _expiring,
    CareKind.BIRTHDAY: _birthdays,
    CareKind.DORMANCY: _dormant,
}
