"""Event Registration (活动报名): one client's seat at an Event, or their place on its waitlist.

Written by education/events.py only (`system_only`): registering, cancelling and checking in go through
its functions (the portal, `securities_crm.api.events.*`, the desk's check-in page), which lock the
event's row so that the seats taken never exceed the capacity, however many register at once.
One row per client and event: a client who cancels and registers again gets their row back.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ..securities_account.model import CHILD_PATHS


class RegistrationStatus(models.TextChoices):
    REGISTERED = "Registered", _("Registered")
    WAITLISTED = "Waitlisted", _("Waitlisted")
    CANCELLED = "Cancelled", pgettext_lazy("registration status", "Cancelled")
    ATTENDED = "Attended", _("Attended")


SEATED = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED)  # holding a seat


@doctype(
    "Event Registration",
    module="Education",
    naming="series:ER-.YYYY.-.######",
    history=False,
    title_field="event",
    search_fields=("name", "client__client_name", "event__event_name"),
    system_only=True,
    **CHILD_PATHS,
    rights={
        "Marketing": "re",
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Service Agent": "r",
        "Compliance Officer": "r",
        "Client": "r",
    },
)
class EventRegistration(Document):
    event = models.ForeignKey(
        "securities_crm.Event", verbose_name=_("Event"), on_delete=models.CASCADE, related_name="registrations"
    )
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.CASCADE, related_name="event_registrations"
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.REGISTERED
    )
    waitlist_position = models.PositiveIntegerField(_("Waitlist Position"), null=True, blank=True)
    wants_contact = models.BooleanField(
        _("Wants to Be Contacted"), default=False, help_text=_("A follow-up task is made after the event.")
    )
    registered_at = models.DateTimeField(_("Registered At"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("Promoted From the Waitlist At"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("Cancelled At"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("Checked In At"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Checked In By"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(Document.Meta):
        verbose_name = _("Event Registration")
        verbose_name_plural = _("Event Registrations")
        ordering = ["event", "status", "waitlist_position", "creation"]
        constraints = [models.UniqueConstraint(fields=["event", "client"], name="event_registration_once")]
        indexes = [models.Index(fields=["event", "status"], name="event_registration_status")]
