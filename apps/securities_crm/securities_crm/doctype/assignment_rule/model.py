"""Assignment Rule (分派规则): which team takes which tickets, and how a member is picked: round robin or
fewest open tickets, skipping staff marked away (Staff Profile). A rule may send its categories to the
client's own client manager first. Rules are tried by rank; service/assignment.py applies them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..shared.service import TicketChannel
from ..ticket_category.model import TicketCategory


class Method(models.TextChoices):
    ROUND_ROBIN = "Round Robin", _("Round Robin")
    FEWEST_OPEN = "Fewest Open", _("Fewest Open Tickets")


@doctype(
    "Assignment Rule",
    module="Service",
    naming="field:rule_name",
    title_field="rule_name",
    search_fields=("rule_name",),
    server_set=("last_assigned",),
    rights={"Service Agent": "r", "Branch Manager": "rwc", "Compliance Officer": "r"},
)
class AssignmentRule(Document):
    rule_name = models.CharField(_("Rule Name"), max_length=140, unique=True)
    enabled = models.BooleanField(_("Enabled"), default=True)
    rank = models.PositiveIntegerField(_("Rank"), default=100, help_text=_("Rules are tried lowest rank first."))
    team = models.ForeignKey(
        "securities_crm.ServiceTeam", verbose_name=_("Team"), on_delete=models.PROTECT, related_name="assignment_rules"
    )
    categories = models.JSONField(
        _("Categories"), default=list, blank=True, help_text=_("Ticket Category names; empty: any.")
    )
    channels = models.JSONField(_("Channels"), default=list, blank=True, help_text=_("Empty: any."))
    method = models.CharField(_("Method"), max_length=20, choices=Method.choices, default=Method.ROUND_ROBIN)
    client_manager_first = models.BooleanField(
        _("Client Manager First"),
        default=False,
        help_text=_("Give the ticket to the client's own client manager when they are in and not away."),
    )
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Last Assigned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta(Document.Meta):
        verbose_name = _("Assignment Rule")
        verbose_name_plural = _("Assignment Rules")
        ordering = ["rank", "rule_name"]

    def validate(self):
        errors = {}
        for field, allowed in (("categories", None), ("channels", TicketChannel.values)):
            value = getattr(self, field) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                errors[field] = _t("Give a list of names.")
                continue
            setattr(self, field, value)
            if allowed is None:
                known = set(TicketCategory.objects.filter(pk__in=value).values_list("pk", flat=True))
                wrong = [v for v in value if v not in known]
            else:
                wrong = [v for v in value if v not in allowed]
            if wrong:
                errors[field] = _t("%(wrong)s: not one of %(allowed)s.") % {
                    "wrong": ", ".join(wrong),
                    "allowed": ", ".join(allowed) if allowed else _t("the categories"),
                }
        if errors:
            raise ValidationError(errors)

    def matches(self, ticket) -> bool:
        return (not self.categories or ticket.category_id in self.categories) and (
            not self.channels or ticket.channel in self.channels
        )
