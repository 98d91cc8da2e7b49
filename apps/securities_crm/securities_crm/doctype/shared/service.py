"""What several Service DocTypes share: channels, priorities and the ticket's statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TicketChannel(models.TextChoices):
    PHONE = "Phone", _("Phone")
    PORTAL = "Portal", _("Portal")
    EMAIL = "Email", _("Email")
    WECHAT = "WeChat", _("WeChat")
    APP = "App", _("Mobile App")
    SMS = "SMS", _("SMS")
    BRANCH = "Branch", _("Branch Counter")
    ASSISTANT = "Assistant", _("Assistant")


class Priority(models.TextChoices):
    LOW = "Low", pgettext_lazy("priority", "Low")
    MEDIUM = "Medium", pgettext_lazy("priority", "Medium")
    HIGH = "High", pgettext_lazy("priority", "High")
    URGENT = "Urgent", pgettext_lazy("priority", "Urgent")


class TicketStatus(models.TextChoices):
    OPEN = "Open", pgettext_lazy("ticket status", "Open")
    REPLIED = "Replied", pgettext_lazy("ticket status", "Replied")
    AWAITING_CLIENT = "Awaiting Client", _("Awaiting Client")
    ON_HOLD = "On Hold", _("On Hold")
    RESOLVED = "Resolved", pgettext_lazy("ticket status", "Resolved")
    CLOSED = "Closed", pgettext_lazy("ticket status", "Closed")


# Statuses in which the ticket is finished with, for now: the clock stops as it does for a pause.
DONE = (TicketStatus.RESOLVED, TicketStatus.CLOSED)
UNFINISHED = tuple(s for s in TicketStatus.values if s not in DONE)
DEFAULT_PAUSE = [TicketStatus.AWAITING_CLIENT.value, TicketStatus.ON_HOLD.value]
