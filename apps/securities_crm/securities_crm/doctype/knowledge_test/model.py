"""Knowledge Test (知识测试): questions with options and scores, a pass mark, a number of attempts and a time
limit, versioned by `code` and `version`. Brokers ask for a pass before some trading permissions (STAR
Market, options); the permission itself stays in the trading system, which reads the passes
(Knowledge Test Attempt rows with `passed`, each with the test's version).

A version that has attempts cannot change (its questions, pass mark and limits): make a new version.
The questions' correct answers are for staff only; clients get the test through education/knowledge.py.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...core.errors import DocumentImmutable


class TestPurpose(models.TextChoices):
    GENERAL = "General", _("General Knowledge")
    STAR = "STAR Market", _("STAR Market")
    CHINEXT = "ChiNext", _("ChiNext")
    OPTIONS = "Options", _("Stock Options")
    MARGIN = "Margin", _("Margin Financing")
    BSE = "Beijing Stock Exchange", _("Beijing Stock Exchange")


RULES = ("pass_mark", "max_attempts", "time_limit_minutes")


@doctype(
    "Knowledge Test",
    module="Education",
    naming="series:KT-.#####",
    title_field="title",
    search_fields=("name", "code", "title"),
    child_tables={"questions": "Knowledge Test Question"},
    set_only_once=("code", "version"),
    rights={
        "Compliance Officer": "rwc",
        "Marketing": "rwc",
        "Client Manager": "r",
        "Branch Manager": "r",
        "Advisor": "r",
    },
)
class KnowledgeTest(Document):
    code = models.CharField(_("Test Code"), max_length=40, help_text=_("The same code for every version."))
    version = models.PositiveIntegerField(_("Version"), default=1, validators=[MinValueValidator(1)])
    title = models.CharField(_("Title"), max_length=200)
    purpose = models.CharField(_("Purpose"), max_length=30, choices=TestPurpose.choices, default=TestPurpose.GENERAL)
    description = models.TextField(_("Description"), blank=True)
    pass_mark = models.PositiveIntegerField(_("Pass Mark"), help_text=_("A score at or above it passes."))
    max_attempts = models.PositiveSmallIntegerField(_("Attempts Allowed"), default=3, validators=[MinValueValidator(1)])
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("Time Limit (minutes)"), default=30, validators=[MinValueValidator(1)]
    )
    is_active = models.BooleanField(_("Active"), default=False, help_text=_("Clients take the active version."))

    class Meta(Document.Meta):
        verbose_name = _("Knowledge Test")
        verbose_name_plural = _("Knowledge Tests")
        constraints = [models.UniqueConstraint(fields=["code", "version"], name="uniq_knowledge_test_version")]

    @property
    def max_score(self) -> int:
        return sum(q.score for q in self.question_rows.all())

    def in_use(self) -> bool:
        return not self.is_new and self.attempts.exists()

    def validate(self):
        if not self.is_new and self.in_use():
            stored = type(self).objects.filter(pk=self.pk).values(*RULES).first() or {}
            if any(stored.get(f) != getattr(self, f) for f in RULES):
                raise ValidationError(
                    {
                        "pass_mark": _t(
                            "This version has attempts: its pass mark and limits cannot change. Make a new version."
                        )
                    }
                )
        if self.is_active and not self.is_new and self.pass_mark > self.max_score:
            raise ValidationError(
                {
                    "pass_mark": _t("The pass mark is above the most a client can score (%(max)s).")
                    % {"max": self.max_score}
                }
            )

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        if self.is_active:  # one active version per code
            type(self).objects.filter(code=self.code, is_active=True).exclude(pk=self.pk).update(is_active=False)


def guard_questions_in_use(sender, instance, **kwargs):
    """A question of a version that has attempts may not change or go (pre_save/pre_delete)."""
    test_id = getattr(instance, "test_id", None)
    if test_id and KnowledgeTest.objects.filter(pk=test_id, attempts__isnull=False).exists():
        raise DocumentImmutable(
            _t("Test %(test)s has attempts: its questions cannot change. Make a new version.") % {"test": test_id}
        )
