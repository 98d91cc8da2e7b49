"""Care Rule (关怀规则): data that makes Care Tasks (service/care.py runs them daily, and at the events).

Kinds: a new account (a visit within N trading days of opening), a purchase above the client's level
(a confirmed suitability mismatch: the 回访 the rules expect, within N working days), an assessment about
to expire (N days before), a birthday (N days before), dormancy (no trade for N days), and a complaint
closed (a visit within N working days). The script is the list of questions the task asks; a question
that is a check (`check: true`) fails the task when answered "no", which opens a ticket for Compliance.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ...core.document import Document, doctype


class CareKind(models.TextChoices):
    NEW_ACCOUNT = "new_account", _("New account")
    ABOVE_LEVEL = "above_level", _("Purchase above the client's level")
    ASSESSMENT_EXPIRING = "assessment_expiring", _("Assessment about to expire")
    BIRTHDAY = "birthday", _("Birthday")
    DORMANCY = "dormancy", _("Dormancy")
    COMPLAINT_CLOSED = "complaint_closed", _("Complaint closed")
    FEEDBACK = "feedback", _("Low satisfaction score")
    MANUAL = "manual", _("Other")


class AssignTo(models.TextChoices):
    CLIENT_MANAGER = "Client Manager", _("The client's client manager")
    TEAM = "Team", _("The team")


# The checks a regulator expects of a 回访 (return visit) after a sale above the client's level.
# The questions are data in English, shown translated where the catalogue has them (a question someone
# typed reads as typed).
VISIT_SCRIPT = [
    {"key": "identity_confirmed", "question": gettext_noop("The client's identity was confirmed."), "check": True},
    {
        "key": "disclosure_understood",
        "question": gettext_noop("The client understood the risk disclosure."),
        "check": True,
    },
    {
        "key": "answered_personally",
        "question": gettext_noop("The client answered the risk questionnaire personally."),
        "check": True,
    },
]


@doctype(
    "Care Rule",
    module="Service",
    naming="field:rule_name",
    title_field="rule_name",
    search_fields=("rule_name",),
    rights={"Compliance Officer": "rwc", "Branch Manager": "r", "Client Manager": "r", "Service Agent": "r"},
)
class CareRule(Document):
    rule_name = models.CharField(_("Rule Name"), max_length=140, unique=True)
    kind = models.CharField(_("Kind"), max_length=30, choices=CareKind.choices)
    enabled = models.BooleanField(_("Enabled"), default=True)
    days = models.PositiveSmallIntegerField(
        _("Days"),
        default=7,
        validators=[MaxValueValidator(3660)],
        help_text=_(
            "N of the kind: within N trading days of a new account, "
            "N days before expiry or a birthday, N days without a "
            "trade, N working days after a sale or a complaint."
        ),
    )
    assign_to = models.CharField(
        _("Assign To"), max_length=20, choices=AssignTo.choices, default=AssignTo.CLIENT_MANAGER
    )
    team = models.ForeignKey(
        "securities_crm.ServiceTeam",
        verbose_name=_("Team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Takes the task when the client has no client manager, or always."),
    )
    script = models.JSONField(
        _("Script"), default=list, blank=True, help_text=_('Questions: [{"key", "question", "check": true|false}].')
    )

    class Meta(Document.Meta):
        verbose_name = _("Care Rule")
        verbose_name_plural = _("Care Rules")
        ordering = ["rule_name"]

    def validate(self):
        script = self.script or []
        keys = [q.get("key") for q in script if isinstance(q, dict)]
        if (
            not isinstance(script, list)
            or len(keys) != len(script)
            or not all(isinstance(k, str) and k for k in keys)
            or not all(isinstance(q.get("question"), str) and q["question"].strip() for q in script)
            or len(set(keys)) != len(keys)
        ):
            raise ValidationError(
                {
                    "script": _t(
                        'Give a list of questions, each {"key", "question"} with a '
                        'unique key, and "check": true for those that must be yes.'
                    )
                }
            )
        self.script = script
        if self.assign_to == AssignTo.TEAM and not self.team_id:
            raise ValidationError({"team": _t("Name the team that takes the tasks.")})
