"""Ticket Category (工单类别): what a ticket is about, as data. A category may be a complaint (投诉), which
opens a Complaint with its own workflow and deadlines in working days (default 1 to acknowledge, 15 to
answer in writing); it may name the team its tickets go to and whether clients may pick it in the portal."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..shared.service import Priority

ACKNOWLEDGE_DAYS, ANSWER_DAYS = 1, 15


@doctype(
    "Ticket Category",
    module="Service",
    naming="field:category_name",
    title_field="category_name",
    search_fields=("category_name",),
    rights={
        "Service Agent": "r",
        "Branch Manager": "r",
        "Client Manager": "r",
        "Advisor": "r",
        "Compliance Officer": "r",
        "Client": "r",
    },
)
class TicketCategory(Document):
    category_name = models.CharField(_("Category Name"), max_length=140, unique=True)
    label_en = models.CharField(_("English Label"), max_length=140, blank=True)
    team = models.ForeignKey(
        "securities_crm.ServiceTeam",
        verbose_name=_("Team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where its tickets go when no assignment rule says otherwise."),
    )
    default_priority = models.CharField(
        _("Default Priority"), max_length=10, choices=Priority.choices, default=Priority.MEDIUM
    )
    complaint = models.BooleanField(
        _("Complaint"), default=False, help_text=_("Its tickets are complaints (投诉), with their own workflow.")
    )
    acknowledge_days = models.PositiveSmallIntegerField(
        _("Acknowledge Within (working days)"),
        default=ACKNOWLEDGE_DAYS,
        validators=[MinValueValidator(0), MaxValueValidator(60)],
    )
    answer_days = models.PositiveSmallIntegerField(
        _("Answer Within (working days)"),
        default=ANSWER_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    portal = models.BooleanField(_("Clients May Choose It"), default=True)

    class Meta(Document.Meta):
        verbose_name = _("Ticket Category")
        verbose_name_plural = _("Ticket Categories")
        ordering = ["category_name"]
