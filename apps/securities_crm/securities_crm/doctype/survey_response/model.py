"""Survey Response (问卷答卷): one client's answers to one version of a survey.

The answers are checked against the survey's questions on every save (range, required, skip logic),
and the scores (NPS, CSAT, CES) and the comment (every free-text answer, stored as text) are derived
from them here, never taken from the caller. A new response to a survey that is not open is refused.
The sentiment, its score and the keywords are written by the comment analysis (hooks.py).
Responses are written only by feedback/responses.py (the portal, the app, signed links and the desk's
phone entry all go through it), so every route checks the same things.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..securities_account.model import CHILD_PATHS
from ..shared.feedback import FeedbackChannel
from ..survey import questions as q
from ..survey.model import SurveyStatus


class Sentiment(models.TextChoices):
    POSITIVE = "Positive", _("Positive")
    NEUTRAL = "Neutral", _("Neutral")
    NEGATIVE = "Negative", _("Negative")


@doctype(
    "Survey Response",
    module="Feedback",
    naming="series:SRS-.YYYY.-.######",
    search_fields=("name", "client__client_name", "context_name"),
    **CHILD_PATHS,
    system_only=True,
    server_set=(
        "nps_score",
        "csat_score",
        "ces_score",
        "comment",
        "sentiment",
        "sentiment_score",
        "keywords",
        "submitted_at",
        "entered_by",
        "invitation",
        "dedup_key",
    ),
    set_only_once=("survey", "client", "channel", "context_doctype", "context_name"),
    rights={
        "Client Manager": "re",
        "Branch Manager": "r",
        "Service Agent": "re",
        "Marketing": "re",
        "Client": "r",
    },
)
class SurveyResponse(Document):
    survey = models.ForeignKey(
        "securities_crm.Survey", verbose_name=_("Survey"), on_delete=models.PROTECT, related_name="responses"
    )
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="survey_responses"
    )
    channel = models.CharField(_("Channel"), max_length=10, choices=FeedbackChannel.choices)
    context_doctype = models.CharField(_("Context Document Type"), max_length=140, blank=True)
    context_name = models.CharField(_("Context Document"), max_length=140, blank=True)
    answers = models.JSONField(_("Answers"), default=dict, blank=True)
    nps_score = models.PositiveSmallIntegerField(_("NPS Score"), null=True, blank=True, db_index=True)
    csat_score = models.PositiveSmallIntegerField(_("CSAT Score"), null=True, blank=True)
    ces_score = models.PositiveSmallIntegerField(_("CES Score"), null=True, blank=True)
    comment = models.TextField(_("Comment"), blank=True)
    sentiment = models.CharField(_("Sentiment"), max_length=10, choices=Sentiment.choices, blank=True)
    sentiment_score = models.FloatField(_("Sentiment Score"), null=True, blank=True)
    keywords = models.JSONField(_("Keywords"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("Submitted At"), null=True, blank=True, db_index=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Entered By"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The staff member who entered the client's answers (by phone)."),
    )
    invitation = models.OneToOneField(
        "securities_crm.SurveyInvitation",
        verbose_name=_("Survey Invitation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="response",
    )
    dedup_key = models.CharField(_("Deduplication Key"), max_length=200, unique=True, null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Survey Response")
        verbose_name_plural = _("Survey Responses")
        ordering = ["-submitted_at", "-name"]
        indexes = [
            models.Index(fields=["client", "submitted_at"], name="survey_response_client"),
            models.Index(fields=["survey", "submitted_at"], name="survey_response_survey"),
            models.Index(fields=["context_doctype", "context_name"], name="survey_response_context"),
        ]

    @property
    def nps_category(self) -> str | None:
        return q.nps_category(self.nps_score)

    def validate(self):
        survey = self.survey
        if self.is_new and survey.status != SurveyStatus.OPEN:
            raise ValidationError(
                {"survey": _t("%(survey)s is closed to answers.") % {"survey": survey.survey_name or survey.pk}}
            )
        self.answers = q.check_answers(survey.questions, self.answers)
        self.nps_score = q.first_score(survey.questions, self.answers, q.NPS)
        self.csat_score = q.first_score(survey.questions, self.answers, q.CSAT)
        self.ces_score = q.first_score(survey.questions, self.answers, q.CES)
        self.comment = q.comment(survey.questions, self.answers)
        self.submitted_at = self.submitted_at or timezone.now()
