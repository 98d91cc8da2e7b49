"""Event Session: one sitting of an Event, with its start and end, and a place (offline) or a link (online).
The sessions' lengths are the hours the investor-education record counts for an attendee."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


@doctype("Event Session", module="Education", naming="hash", history=False, title_field="title")
class EventSession(Document):
    event = models.ForeignKey(
        "securities_crm.Event", verbose_name=_("Event"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("Title"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("Starts At"))
    ends_at = models.DateTimeField(_("Ends At"))
    place = models.CharField(_("Place"), max_length=300, blank=True)
    link = models.URLField(_("Link"), max_length=500, blank=True, help_text=_("For an online session."))

    class Meta(Document.Meta):
        verbose_name = _("Event Session")
        verbose_name_plural = _("Event Sessions")
        ordering = ["starts_at", "idx"]

    @property
    def online(self) -> bool:
        return bool(self.link) and not self.place

    @property
    def hours(self) -> float:
        return max((self.ends_at - self.starts_at).total_seconds(), 0) / 3600

    def validate(self):
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _t("The session must end after it starts.")})
        if not self.place and not self.link:
            raise ValidationError({"place": _t("Give a place or a link.")})
