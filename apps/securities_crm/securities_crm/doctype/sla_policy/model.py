"""SLA Policy (服务水平协议): first-response and resolution targets per priority, in working minutes of a
working calendar, the statuses that pause the clock, and the conditions that choose it for a ticket.

The calendar: the working weekdays and hours of `day_start`–`day_end` (with an optional break), less the
Holiday records when `observe_holidays`, and only exchange trading days (Monday to Friday, not a
Holiday) when `trading_days_only`. The policies are tried by `rank`, lowest first: the first whose
conditions all hold for the ticket is its policy (service/sla.py), and the default takes the rest.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..client.model import InvestorType
from ..shared.service import DEFAULT_PAUSE, Priority, TicketChannel, TicketStatus
from ..ticket_category.model import TicketCategory

MINUTES = [MinValueValidator(1), MaxValueValidator(60 * 24 * 365)]
PAUSABLE = [TicketStatus.AWAITING_CLIENT, TicketStatus.ON_HOLD]


def default_pause():
    return list(DEFAULT_PAUSE)


def _minutes(label):
    return models.PositiveIntegerField(label, validators=MINUTES)


@doctype(
    "SLA Policy",
    module="Service",
    naming="field:policy_name",
    title_field="policy_name",
    search_fields=("policy_name",),
    rights={"Service Agent": "r", "Branch Manager": "r", "Client Manager": "r", "Compliance Officer": "r"},
)
class SLAPolicy(Document):
    policy_name = models.CharField(_("Policy Name"), max_length=140, unique=True)
    enabled = models.BooleanField(_("Enabled"), default=True)
    is_default = models.BooleanField(
        _("Default"), default=False, help_text=_("Taken by every ticket no other policy's conditions choose.")
    )
    rank = models.PositiveIntegerField(_("Rank"), default=100, help_text=_("Policies are tried lowest rank first."))
    # targets, in working minutes
    response_low = _minutes(_("First Response: Low (minutes)"))
    response_medium = _minutes(_("First Response: Medium (minutes)"))
    response_high = _minutes(_("First Response: High (minutes)"))
    response_urgent = _minutes(_("First Response: Urgent (minutes)"))
    resolution_low = _minutes(_("Resolution: Low (minutes)"))
    resolution_medium = _minutes(_("Resolution: Medium (minutes)"))
    resolution_high = _minutes(_("Resolution: High (minutes)"))
    resolution_urgent = _minutes(_("Resolution: Urgent (minutes)"))
    # the working calendar
    working_weekdays = models.CharField(
        _("Working Weekdays"),
        max_length=7,
        default="12345",
        help_text=_("ISO weekday numbers, 1 Monday to 7 Sunday, e.g. 12345."),
    )
    day_start = models.TimeField(_("Day Starts"), default=dt.time(9, 0))
    day_end = models.TimeField(_("Day Ends"), default=dt.time(17, 30))
    break_start = models.TimeField(_("Break Starts"), null=True, blank=True)
    break_end = models.TimeField(_("Break Ends"), null=True, blank=True)
    observe_holidays = models.BooleanField(
        _("Observe Holidays"), default=True, help_text=_("Holiday records are not working days.")
    )
    trading_days_only = models.BooleanField(
        _("Exchange Trading Days Only"),
        default=False,
        help_text=_("Count only Monday to Friday that are not Holidays."),
    )
    pause_statuses = models.JSONField(_("Statuses That Pause the Clock"), default=default_pause, blank=True)
    reminder_minutes = models.PositiveIntegerField(
        _("Remind Before Breach (minutes)"), default=30, validators=[MaxValueValidator(60 * 24 * 30)]
    )
    # conditions that choose the policy (all that are given must hold)
    categories = models.JSONField(
        _("Categories"), default=list, blank=True, help_text=_("Ticket Category names; empty: any.")
    )
    channels = models.JSONField(_("Channels"), default=list, blank=True, help_text=_("Empty: any."))
    investor_types = models.JSONField(_("Investor Types"), default=list, blank=True, help_text=_("Empty: any."))
    min_financial_assets = models.DecimalField(
        _("Client's Financial Assets From (CNY)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("High-net-worth clients (高净值): e.g. 6,000,000."),
    )

    class Meta(Document.Meta):
        verbose_name = _("SLA Policy")
        verbose_name_plural = _("SLA Policies")
        ordering = ["rank", "policy_name"]

    def targets(self, priority: str) -> tuple[int, int]:
        """(first-response minutes, resolution minutes) for a priority."""
        key = (priority or Priority.MEDIUM).lower()
        return getattr(self, f"response_{key}"), getattr(self, f"resolution_{key}")

    @property
    def weekdays(self) -> frozenset[int]:
        """Working weekdays as Python's weekday() numbers (0 Monday)."""
        days = {int(c) - 1 for c in self.working_weekdays}
        return frozenset(d for d in days if d < 5) if self.trading_days_only else frozenset(days)

    def validate(self):
        errors = {}
        days = self.working_weekdays or ""
        if not days or any(c not in "1234567" for c in days) or len(set(days)) != len(days):
            errors["working_weekdays"] = _t("Give each working weekday once, as a digit from 1 (Monday) to 7 (Sunday).")
        if self.day_start and self.day_end and self.day_start >= self.day_end:
            errors["day_end"] = _t("The working day must end after it starts.")
        if (self.break_start is None) != (self.break_end is None):
            errors["break_end"] = _t("Give both the start and the end of the break, or neither.")
        elif self.break_start is not None and not (self.day_start < self.break_start < self.break_end < self.day_end):
            errors["break_start"] = _t("The break must lie inside the working day.")
        for priority in Priority.values:
            response, resolution = self.targets(priority)
            if response and resolution and response > resolution:
                errors[f"resolution_{priority.lower()}"] = _t(
                    "The resolution target cannot be shorter than the first-response target."
                )
        self._check_list(errors, "pause_statuses", [str(s) for s in PAUSABLE])
        self._check_list(errors, "channels", TicketChannel.values)
        self._check_list(errors, "investor_types", InvestorType.values)
        self._check_list(errors, "categories", None)
        if "categories" not in errors and self.categories:
            known = set(TicketCategory.objects.filter(pk__in=self.categories).values_list("pk", flat=True))
            unknown = [c for c in self.categories if c not in known]
            if unknown:
                errors["categories"] = _t("No such Ticket Category: %(names)s.") % {"names": ", ".join(unknown)}
        if errors:
            raise ValidationError(errors)

    def _check_list(self, errors: dict, field: str, allowed):
        value = getattr(self, field)
        if value in (None, ""):
            setattr(self, field, [])
            return
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            errors[field] = _t("Give a list of names.")
            return
        if allowed is not None:
            wrong = [v for v in value if v not in allowed]
            if wrong:
                errors[field] = _t("%(wrong)s: not one of %(allowed)s.") % {
                    "wrong": ", ".join(wrong),
                    "allowed": ", ".join(allowed),
                }
