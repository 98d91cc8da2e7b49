"""The daily suitability job: reminders before an assessment expires, and marking expired ones.

- A client's current assessment expiring within REMIND_DAYS: the client manager, and the client
  (through their portal user, if any), get a reminder, once per assessment.
- A current assessment past its valid_until: its status becomes Expired and the client manager is
  told the client needs re-assessment (the client's risk_valid_until is then in the past, so
  `Client.risk_level_valid` is false and every suitability check blocks until it is redone).

Idempotent: each step claims the assessment with a conditional UPDATE of `reminder_stage` and
notifies only when the claim succeeds, in the same transaction; a rerun (or a second worker) finds
nothing left to claim.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core.document import DocStatus
from ..core.jobs import set_progress
from ..doctype.risk_assessment.model import AssessmentStatus, RiskAssessment
from ..notifications import notify

REMIND_DAYS = 30
STAGE_SOON, STAGE_EXPIRED = "30d", "expired"


def _current(qs):
    """Only each client's current assessment (the one the client's risk_valid_until came from)."""
    return qs.filter(docstatus=DocStatus.SUBMITTED, client__risk_valid_until=F("valid_until"))


def _claim(model, pk, from_stages, stage, **extra) -> bool:
    return model.objects.filter(pk=pk, reminder_stage__in=from_stages).update(reminder_stage=stage, **extra) == 1


def assessment_expiry_reminders(today: dt.date | None = None) -> dict:
    """Run the day's reminders; returns how many assessments were reminded and marked expired."""
    today = today or timezone.localdate()
    base = _current(RiskAssessment.objects.select_related("client", "client__client_manager", "client__user"))
    soon = list(
        base.filter(valid_until__gte=today, valid_until__lte=today + dt.timedelta(days=REMIND_DAYS), reminder_stage="")
    )
    expired = list(
        base.filter(valid_until__lt=today, status=AssessmentStatus.VALID).exclude(reminder_stage=STAGE_EXPIRED)
    )
    total, done, counts = len(soon) + len(expired), 0, {"reminded": 0, "expired": 0}
    for ra in soon:
        with transaction.atomic():
            if _claim(RiskAssessment, ra.pk, [""], STAGE_SOON):
                client, date = ra.client, ra.valid_until.isoformat()
                if client.client_manager_id:
                    notify(
                        client.client_manager,
                        _("Risk assessment of %(client)s expires on %(date)s")
                        % {"client": client.client_name, "date": date},
                        _("Arrange a new risk assessment for %(client)s (%(id)s) before %(date)s.")
                        % {"client": client.client_name, "id": client.pk, "date": date},
                        doc=ra,
                        kind="Reminder",
                    )
                if client.user_id:
                    notify(
                        client.user,
                        _("Your risk assessment expires on %(date)s") % {"date": date},
                        _(
                            "Please take the risk assessment again before %(date)s so that you can keep buying "
                            "products that match you."
                        )
                        % {"date": date},
                        doc=ra,
                        kind="Reminder",
                    )
                counts["reminded"] += 1
        done += 1
        set_progress(done, total, "reminders")
    for ra in expired:
        with transaction.atomic():
            if _claim(RiskAssessment, ra.pk, ["", STAGE_SOON], STAGE_EXPIRED, status=AssessmentStatus.EXPIRED):
                client = ra.client
                if client.client_manager_id:
                    notify(
                        client.client_manager,
                        _("%(client)s needs a new risk assessment") % {"client": client.client_name},
                        _(
                            "The risk assessment of %(client)s (%(id)s) expired on %(date)s: suitability checks "
                            "are blocked until it is redone."
                        )
                        % {"client": client.client_name, "id": client.pk, "date": ra.valid_until.isoformat()},
                        doc=ra,
                        kind="Alert",
                    )
                counts["expired"] += 1
        done += 1
        set_progress(done, total, "expired")
    return counts
