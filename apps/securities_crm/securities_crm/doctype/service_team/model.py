"""Service Team (服务团队): the agents who share a queue, and the lead a breached ticket escalates to."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


@doctype(
    "Service Team",
    module="Service",
    naming="field:team_name",
    title_field="team_name",
    search_fields=("team_name",),
    rights={"Service Agent": "r", "Branch Manager": "rw", "Client Manager": "r", "Compliance Officer": "r"},
)
class ServiceTeam(Document):
    team_name = models.CharField(_("Team Name"), max_length=140, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Team Lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Breached tickets escalate to the lead."),
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("Members"), blank=True, related_name="service_teams"
    )

    class Meta(Document.Meta):
        verbose_name = _("Service Team")
        verbose_name_plural = _("Service Teams")
        ordering = ["team_name"]
