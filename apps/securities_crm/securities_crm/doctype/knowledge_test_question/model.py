"""Knowledge Test Question: a question of a Knowledge Test, its options, the correct ones and its score.

A question scores when the chosen options are exactly the correct ones (all or nothing), so a multiple-
choice question cannot be passed by ticking every box."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ..knowledge_test.model import guard_questions_in_use


@doctype(
    "Knowledge Test Question",
    module="Education",
    naming="hash",
    history=False,
    rights={"Compliance Officer": "rwcd", "Marketing": "rwcd"},
)
class KnowledgeTestQuestion(Document):
    test = models.ForeignKey(
        "securities_crm.KnowledgeTest",
        verbose_name=_("Knowledge Test"),
        on_delete=models.CASCADE,
        related_name="question_rows",
    )
    text = models.TextField(_("Question"))
    options = models.JSONField(
        pgettext_lazy("test question", "Options"),
        default=list,
        help_text=_('The choices, in order: [{"key": "A", "text": ...}].'),
    )
    correct = models.JSONField(_("Correct Options"), default=list, help_text=_("The keys of the correct options."))
    score = models.PositiveSmallIntegerField(_("Score"), default=1, validators=[MinValueValidator(1)])

    class Meta(Document.Meta):
        verbose_name = _("Knowledge Test Question")
        verbose_name_plural = _("Knowledge Test Questions")
        ordering = ["idx"]

    @property
    def keys(self) -> list[str]:
        return [str(o.get("key")) for o in self.options or [] if isinstance(o, dict)]

    @property
    def multiple(self) -> bool:
        return len(self.correct or []) > 1

    def validate(self):
        options = self.options
        if (
            not isinstance(options, list)
            or len(options) < 2
            or any(not isinstance(o, dict) or not o.get("key") or not o.get("text") for o in options)
            or len(set(self.keys)) != len(options)
        ):
            raise ValidationError({"options": _t("Give at least two options, each with its own key and a text.")})
        if not isinstance(self.correct, list) or not self.correct or any(k not in self.keys for k in self.correct):
            raise ValidationError({"correct": _t("Name the correct options by their keys.")})

    def scores(self, chosen) -> int:
        """The points for these chosen keys: the full score when they are exactly the correct ones."""
        picked = {str(k) for k in chosen} if isinstance(chosen, list) else {str(chosen)} if chosen else set()
        return self.score if picked == {str(k) for k in self.correct} else 0

    def save(self, *args, **kwargs):
        guard_questions_in_use(type(self), self)
        super().save(*args, **kwargs)


pre_delete.connect(guard_questions_in_use, sender=KnowledgeTestQuestion, dispatch_uid="kt_question_guard")
