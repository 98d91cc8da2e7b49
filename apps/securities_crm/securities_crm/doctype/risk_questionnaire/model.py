from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...core.errors import DocumentImmutable


def in_language(zh: str, en: str) -> str:
    """The text for the active language: English when asked for, else Chinese (the default)."""
    return (en or zh) if (get_language() or "").lower().startswith("en") else (zh or en)


@doctype(
    "Risk Questionnaire",
    module="Suitability",
    naming="field:version",
    title_field="title_zh",
    search_fields=("version", "title_zh", "title_en"),
    child_tables={
        "questions": "Risk Questionnaire Question",
        "options": "Risk Questionnaire Option",
        "bands": "Risk Questionnaire Band",
    },
    rights={"Branch Manager": "r", "Client Manager": "r", "Compliance Officer": "rwc", "Client": "r"},
)
class RiskQuestionnaire(Document):
    version = models.CharField(_("Version"), max_length=40, unique=True, help_text=_("For example 2026.1."))
    title_zh = models.CharField(_("Title (Chinese)"), max_length=200)
    title_en = models.CharField(_("Title (English)"), max_length=200, blank=True)
    is_active = models.BooleanField(
        _("Active"), default=False, help_text=_("New assessments use the active version; only one is active.")
    )
    validity_months = models.PositiveSmallIntegerField(
        _("Validity (months)"), default=24, help_text=_("How long an assessment on this version is valid.")
    )
    effective_from = models.DateField(_("Effective From"), null=True, blank=True)
    notes = models.TextField(_("Notes"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Risk Questionnaire")
        verbose_name_plural = _("Risk Questionnaires")

    def __str__(self):
        return f"{self.version} {self.title}"

    @property
    def title(self) -> str:
        return in_language(self.title_zh, self.title_en)

    @classmethod
    def active(cls):
        return cls.objects.filter(is_active=True).order_by("-modified").first()

    def validate(self):
        if self.validity_months is not None and not 1 <= self.validity_months <= 120:
            raise ValidationError({"validity_months": _t("The validity must be between 1 and 120 months.")})
        if not self.is_new and self.in_use():
            stored = type(self).objects.filter(pk=self.pk).values("validity_months").first()
            if stored and stored["validity_months"] != self.validity_months:
                raise ValidationError(
                    {
                        "validity_months": _t(
                            "This version has assessments: its validity cannot change. Make a new version."
                        )
                    }
                )

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            if self.is_active:  # one active version at a time
                type(self).objects.filter(is_active=True).exclude(pk=self.pk).update(is_active=False)

    def in_use(self) -> bool:
        return self.pk is not None and self.assessments.exists()


def guard_rows_in_use(sender, instance, **kwargs):
    """A row of a questionnaire that assessments used may not change or go (pre_save/pre_delete)."""
    questionnaire_id = getattr(instance, "questionnaire_id", None)
    if questionnaire_id and RiskQuestionnaire.objects.filter(pk=questionnaire_id, assessments__isnull=False).exists():
        raise DocumentImmutable(
            _t(
                "Questionnaire %(version)s has assessments: its questions, options and bands "
                "cannot change. Make a new version."
            )
            % {"version": questionnaire_id}
        )


class QuestionnaireRow(Document):
    """What the three child DocTypes share: the parent link and the bilingual text."""

    questionnaire = models.ForeignKey(RiskQuestionnaire, verbose_name=_("Questionnaire"), on_delete=models.CASCADE)

    class Meta(Document.Meta):
        abstract = True
        ordering = ["idx"]

    def save(self, *args, **kwargs):
        guard_rows_in_use(type(self), self)
        super().save(*args, **kwargs)
