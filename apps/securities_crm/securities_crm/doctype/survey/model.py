"""Survey (问卷): versioned questions in Chinese and English, who is asked and when.

The questions are data (questions.py checks them and the answers they accept). A survey that has
responses is never edited in place: changing its questions is refused, and `feedback/surveys.new_version`
copies it into the next version, so that every response stays with the questions it answered.
`trigger` says what sends it (a resolved ticket, an ended event, a 回访 call, a schedule over a segment);
a scheduled survey names its segment and a cron expression (e.g. relationship NPS twice a year).
"""

from croniter import croniter
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from . import questions as q


class SurveyStatus(models.TextChoices):
    DRAFT = "Draft", pgettext_lazy("survey status", "Draft")
    OPEN = "Open", pgettext_lazy("survey status", "Open")
    CLOSED = "Closed", pgettext_lazy("survey status", "Closed")


class Trigger(models.TextChoices):
    MANUAL = "Manual", pgettext_lazy("survey trigger", "Manual")
    TICKET_RESOLVED = "Ticket Resolved", _("Ticket resolved (CSAT)")
    EVENT_ENDED = "Event Ended", _("Event ended")
    CARE_VISIT = "Care Visit", _("Return visit (回访)")
    SCHEDULE = "Schedule", _("Schedule over a segment")


@doctype(
    "Survey",
    module="Feedback",
    naming="series:SRV-.#####",
    title_field="survey_name",
    search_fields=("name", "survey_name"),
    server_set=("version", "previous_version", "last_run_at"),
    rights={
        "Marketing": "rwce",
        "Service Agent": "rwc",
        "Client Manager": "r",
        "Branch Manager": "r",
    },
)
class Survey(Document):
    survey_name = models.CharField(_("Survey Name"), max_length=140)
    version = models.PositiveIntegerField(_("Version"), default=1)
    previous_version = models.ForeignKey(
        "self",
        verbose_name=_("Previous Version"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="next_versions",
    )
    status = models.CharField(
        _("Status"), max_length=10, choices=SurveyStatus.choices, default=SurveyStatus.DRAFT, db_index=True
    )
    trigger = models.CharField(_("Trigger"), max_length=20, choices=Trigger.choices, default=Trigger.MANUAL)
    segment = models.ForeignKey(
        "securities_crm.Segment",
        verbose_name=_("Segment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who a scheduled survey goes to."),
    )
    schedule = models.CharField(
        _("Schedule"),
        max_length=100,
        blank=True,
        help_text=_("A cron expression, Shanghai time: “0 10 1 3,9 *” is 10:00 on 1 March and 1 September."),
    )
    intro_zh = models.TextField(_("Introduction (Chinese)"), blank=True)
    intro_en = models.TextField(_("Introduction (English)"), blank=True)
    questions = models.JSONField(_("Questions"), default=list, blank=True)
    last_run_at = models.DateTimeField(_("Last Sent At"), null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Survey")
        verbose_name_plural = _("Surveys")
        constraints = [models.UniqueConstraint(fields=["survey_name", "version"], name="survey_name_version")]

    @property
    def transactional(self) -> bool:
        """Transactional CSAT (after a ticket) is not counted by the throttle."""
        return self.trigger == Trigger.TICKET_RESOLVED

    def intro(self, lang: str | None = None) -> str:
        return q.label({"label_zh": self.intro_zh, "label_en": self.intro_en}, lang)

    def validate(self):
        q.check_questions(self.questions)
        if self.trigger == Trigger.SCHEDULE:
            if self.segment_id is None:
                raise ValidationError({"segment": _t("A scheduled survey needs a segment.")})
            if not croniter.is_valid(self.schedule or ""):
                raise ValidationError({"schedule": _t("Give the schedule as a cron expression, e.g. 0 10 1 3,9 *.")})
        if self.is_new:
            return
        stored = type(self).objects.filter(pk=self.pk).values("questions", "survey_name").first()
        if stored is None or (stored["questions"] == self.questions and stored["survey_name"] == self.survey_name):
            return
        if self.responses.exists():
            field = "questions" if stored["questions"] != self.questions else "survey_name"
            raise ValidationError(
                {
                    field: _t("%(name)s has responses, so its questions cannot change: make a new version instead.")
                    % {"name": self.pk}
                }
            )
