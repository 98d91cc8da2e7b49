"""What Survey Invitation and Survey Response share: the channels a survey goes out and comes back on."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FeedbackChannel(models.TextChoices):
    PORTAL = "Portal", pgettext_lazy("channel", "Portal")
    APP = "App", pgettext_lazy("channel", "App")
    EMAIL = "Email", pgettext_lazy("channel", "Email")
    SMS = "SMS", pgettext_lazy("channel", "SMS")
    PHONE = "Phone", pgettext_lazy("channel", "Phone")
    EVENT = "Event", _("At the event")
