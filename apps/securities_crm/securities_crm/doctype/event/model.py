"""Event (投教活动): a lecture, training class, salon or webinar for clients.

It has sessions (a child table: time, and a place or a link), speakers, an agenda, a capacity, a
registration window and an audience (segments, risk levels, investor types; empty means everyone).
Clients see only published events whose audience includes them (`restrict_scope`), so a direct link
to any other is "not found". Registrations, the waitlist, reminders, check-in and what follows the
event are education/events.py's; `ended_at` records that the after-event work was done, once.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...permissions.roles import CLIENT
from ..client.model import InvestorType, RiskLevel
from ..segment_membership.model import SegmentMembership


class EventKind(models.TextChoices):
    LECTURE = "Lecture", _("Lecture")
    TRAINING_CLASS = "Training Class", _("Training Class")
    SALON = "Salon", _("Salon")
    WEBINAR = "Webinar", _("Webinar")


class EventStatus(models.TextChoices):
    DRAFT = "Draft", pgettext_lazy("event status", "Draft")
    PUBLISHED = "Published", pgettext_lazy("event status", "Published")
    CANCELLED = "Cancelled", pgettext_lazy("event status", "Cancelled")


def _codes(value, allowed, field: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or any(not isinstance(v, str) for v in value):
        raise ValidationError({field: _t("Give a list of values.")})
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ValidationError({field: _t("Unknown values: %(values)s.") % {"values": ", ".join(unknown)}})
    return sorted(set(value))


def _listed(field: str, value: str) -> Q:
    """Rows whose JSON list of codes holds `value`, or is empty (everyone). A quoted substring test, because
    JSON containment is not portable (SQLite has none); the codes are ASCII, so every database stores them
    alike, and the quotes keep "Professional I" from matching "Professional II"."""
    return Q(**{f"{field}__icontains": f'"{value}"'}) | ~Q(**{f"{field}__icontains": '"'})


@doctype(
    "Event",
    module="Education",
    naming="series:EV-.YYYY.-.####",
    title_field="event_name",
    search_fields=("name", "event_name", "speakers"),
    child_tables={"sessions": "Event Session"},
    server_set=("ended_at",),
    rights={
        "Marketing": "rwcd",
        "Branch Manager": "rwc",
        "Client Manager": "r",
        "Advisor": "r",
        "Service Agent": "r",
        "Compliance Officer": "r",
        "Client": "r",
    },
)
class Event(Document):
    event_name = models.CharField(_("Event Name"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=20, choices=EventKind.choices, default=EventKind.LECTURE)
    status = models.CharField(
        _("Status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    starts_at = models.DateTimeField(_("Starts At"), db_index=True)
    ends_at = models.DateTimeField(_("Ends At"), db_index=True)
    capacity = models.PositiveIntegerField(_("Capacity"), help_text=_("Seats; registrations beyond it wait."))
    registration_opens = models.DateTimeField(_("Registration Opens"), null=True, blank=True)
    registration_closes = models.DateTimeField(
        _("Registration Closes"), null=True, blank=True, help_text=_("Empty: when the event starts.")
    )
    speakers = models.CharField(_("Speakers"), max_length=500, blank=True)
    agenda = models.TextField(_("Agenda"), blank=True)
    description = models.TextField(_("Description"), blank=True)
    audience_segments = models.ManyToManyField(
        "securities_crm.Segment",
        verbose_name=_("Audience Segments"),
        blank=True,
        related_name="+",
        help_text=_("Empty: every segment."),
    )
    audience_risk_levels = models.JSONField(
        _("Audience Risk Levels"), default=list, blank=True, help_text=_("C1 to C5; empty: every level.")
    )
    audience_investor_types = models.JSONField(
        _("Audience Investor Types"), default=list, blank=True, help_text=_("Empty: every investor type.")
    )
    ended_at = models.DateTimeField(_("After-Event Work Done At"), null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Event")
        verbose_name_plural = _("Events")
        ordering = ["-starts_at"]

    def validate(self):
        if self.capacity is not None and self.capacity < 1:
            raise ValidationError({"capacity": _t("An event needs at least one seat.")})
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _t("The event must end after it starts.")})
        if self.registration_closes and self.ends_at and self.registration_closes > self.ends_at:
            raise ValidationError({"registration_closes": _t("Registration must close before the event ends.")})
        if self.registration_opens and self.registration_closes and self.registration_opens >= self.registration_closes:
            raise ValidationError({"registration_opens": _t("Registration must open before it closes.")})
        self.audience_risk_levels = _codes(self.audience_risk_levels, RiskLevel.values, "audience_risk_levels")
        self.audience_investor_types = _codes(
            self.audience_investor_types, InvestorType.values, "audience_investor_types"
        )

    @property
    def closes_at(self):
        return self.registration_closes or self.starts_at

    @staticmethod
    def audience_q(client) -> Q:
        """The events whose audience includes `client` (each empty criterion admits everyone)."""
        q = _listed("audience_risk_levels", client.risk_level or "") & _listed(
            "audience_investor_types", client.investor_type or ""
        )
        chosen = Event.audience_segments.through.objects
        mine = SegmentMembership.objects.filter(client=client, left_on__isnull=True).values("segment_id")
        in_segment = ~Q(pk__in=chosen.values("event_id")) | Q(
            pk__in=chosen.filter(segment_id__in=mine).values("event_id")
        )
        return q & in_segment

    @staticmethod
    def restrict_scope(roles, action="read", user=None) -> Q | None:
        """A client (and only a client: staff roles see every event) sees the published events meant for them."""
        if CLIENT not in roles or len(roles) > 1:
            return None
        client = getattr(user, "client", None) if user is not None else None
        if client is None:
            return Q(pk__in=[])
        return Q(status=EventStatus.PUBLISHED) & Event.audience_q(client)

    def admits(self, client) -> bool:
        return (
            self.status == EventStatus.PUBLISHED and Event.objects.filter(Event.audience_q(client), pk=self.pk).exists()
        )
