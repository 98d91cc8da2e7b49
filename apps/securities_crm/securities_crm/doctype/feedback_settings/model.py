"""Feedback Settings: how often a client may be asked for feedback, how long a survey link lives, and
how many answers a score needs before it is shown. A single record, kept by Marketing; until it is saved
the deployment's settings (CRM_SURVEY_THROTTLE_DAYS, CRM_SURVEY_LINK_DAYS, CRM_FEEDBACK_MIN_SAMPLE) or
the defaults below apply."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import SingleDocument, doctype

THROTTLE_DAYS = 90  # a client is surveyed at most once in this many days (transactional CSAT excepted)
LINK_DAYS = 14  # a signed survey link works this long
MIN_SAMPLE = 30  # fewer answers than this: the score is shown as an insufficient sample


@doctype(
    "Feedback Settings",
    module="Feedback",
    naming="prompt",
    title_field="throttle_days",
    rights={"Marketing": "rwc", "Service Agent": "r", "Branch Manager": "r", "Compliance Officer": "r"},
)
class FeedbackSettings(SingleDocument):
    throttle_days = models.PositiveSmallIntegerField(
        _("Days Between Surveys"),
        default=THROTTLE_DAYS,
        validators=[MaxValueValidator(3650)],
        help_text=_(
            "A client is asked at most once in this many days, across all surveys; CSAT after a ticket is exempt. 0: no limit."
        ),
    )
    link_days = models.PositiveSmallIntegerField(
        _("Link Lifetime (Days)"),
        default=LINK_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
        help_text=_("How long a signed survey link sent to a client keeps working."),
    )
    min_sample = models.PositiveIntegerField(
        _("Minimum Sample"),
        default=MIN_SAMPLE,
        validators=[MinValueValidator(1), MaxValueValidator(100000)],
        help_text=_("A score from fewer answers is shown as an insufficient sample."),
    )

    class Meta(SingleDocument.Meta):
        verbose_name = _("Feedback Settings")
        verbose_name_plural = _("Feedback Settings")

    @classmethod
    def initial(cls) -> dict:
        return {
            "throttle_days": int(getattr(settings, "CRM_SURVEY_THROTTLE_DAYS", THROTTLE_DAYS)),
            "link_days": int(getattr(settings, "CRM_SURVEY_LINK_DAYS", LINK_DAYS)),
            "min_sample": int(getattr(settings, "CRM_FEEDBACK_MIN_SAMPLE", MIN_SAMPLE)),
        }
