"""Improvement Action (改进措施): what the firm does about what clients said, as ERPNext's Quality module
keeps corrective and preventive actions. It names the responses and comment topics that prompted it and
the group it should help (a segment, branch, channel or topic, and the score to watch); feedback/actions.py
measures its effect, the score of that group before and after the action was done, each with its n.

Open → In Progress → Done, or Cancelled from either; each move records who, when and why (core/workflow).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...core.workflow import Transition, Workflow
from ...permissions.roles import BRANCH_MANAGER, CLIENT_MANAGER, COMPLIANCE_OFFICER, MARKETING, SERVICE_AGENT


class ActionKind(models.TextChoices):
    CORRECTIVE = "Corrective", _("Corrective")
    PREVENTIVE = "Preventive", _("Preventive")


class ActionStatus(models.TextChoices):
    OPEN = "Open", pgettext_lazy("improvement action status", "Open")
    IN_PROGRESS = "In Progress", _("In Progress")
    DONE = "Done", pgettext_lazy("improvement action status", "Done")
    CANCELLED = "Cancelled", pgettext_lazy("improvement action status", "Cancelled")


class Metric(models.TextChoices):
    NPS = "nps", "NPS"
    CSAT = "csat", "CSAT"
    CES = "ces", "CES"


# The group whose score shows the effect: which dimension, and its value (feedback/actions.py reads them).
class Scope(models.TextChoices):
    ALL = "all", _("All responses")
    SEGMENT = "segment", _("Segment")
    BRANCH = "branch", _("Branch")
    CHANNEL = "channel", _("Channel")
    TOPIC = "topic", _("Comment topic")


S = ActionStatus
WORKFLOW = Workflow(
    log="transitions",
    owns=("completed_on",),
    transitions=(
        Transition("start", (S.OPEN,), S.IN_PROGRESS, pgettext_lazy("workflow action", "Start"), needs_reason=False),
        Transition("complete", (S.OPEN, S.IN_PROGRESS), S.DONE, _("Mark as done")),
        Transition("cancel", (S.OPEN, S.IN_PROGRESS), S.CANCELLED, pgettext_lazy("workflow action", "Cancel")),
    ),
)


@doctype(
    "Improvement Action",
    module="Feedback",
    naming="series:IMP-.YYYY.-.#####",
    title_field="title",
    search_fields=("name", "title"),
    user_path="owner_user",
    workflow=WORKFLOW,
    rights={
        BRANCH_MANAGER: "rwc",
        SERVICE_AGENT: "rwc",
        MARKETING: "rwc",
        CLIENT_MANAGER: "r",
        COMPLIANCE_OFFICER: "r",
    },
)
class ImprovementAction(Document):
    title = models.CharField(_("Title"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=20, choices=ActionKind.choices, default=ActionKind.CORRECTIVE)
    owner_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("Due On"), db_index=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN, db_index=True
    )
    description = models.TextField(_("Description"), blank=True)
    responses = models.JSONField(
        _("Responses"), default=list, blank=True, help_text=_("The survey responses that prompted it (their IDs).")
    )
    topics = models.JSONField(
        _("Topics"), default=list, blank=True, help_text=_("The comment topics that prompted it.")
    )
    metric = models.CharField(_("Score to Watch"), max_length=10, choices=Metric.choices, default=Metric.NPS)
    scope = models.CharField(_("Affected Group"), max_length=20, choices=Scope.choices, default=Scope.ALL)
    scope_value = models.CharField(
        _("Group Value"),
        max_length=140,
        blank=True,
        help_text=_("The segment, branch, channel or topic the action should help."),
    )
    completed_on = models.DateField(_("Completed On"), null=True, blank=True)
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Improvement Action")
        verbose_name_plural = _("Improvement Actions")
        ordering = ["due_on", "name"]

    def validate(self):
        super().validate()
        for field in ("responses", "topics"):
            value = getattr(self, field)
            if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
                raise ValidationError({field: _t("Give a list of names.")})
            setattr(self, field, sorted({v.strip() for v in value}))
        if self.scope != Scope.ALL and not (self.scope_value or "").strip():
            raise ValidationError({"scope_value": _t("Say which %(scope)s.") % {"scope": self.get_scope_display()}})
        if self.scope == Scope.ALL:
            self.scope_value = ""

    def before_transition(self, move, user, reason, values):
        if move.action == "complete":
            self.completed_on = timezone.localdate()
