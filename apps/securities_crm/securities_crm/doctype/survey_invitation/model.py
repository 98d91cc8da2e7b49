"""Survey Invitation: one client asked to answer one survey, on one channel, about one context.

It is what the throttle counts (a client is asked at most once in N days, transactional CSAT aside)
and what a signed link names: the link carries the invitation's nonce, and the response that uses it
points back here through a unique column, so a link answers once, enforced by the database.
Written only by feedback/distribution.py.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ..securities_account.model import CHILD_PATHS
from ..shared.feedback import FeedbackChannel


@doctype(
    "Survey Invitation",
    module="Feedback",
    naming="series:SINV-.YYYY.-.######",
    search_fields=("name", "client__client_name"),
    **CHILD_PATHS,
    system_only=True,
    rights={"Client Manager": "r", "Branch Manager": "r", "Service Agent": "r", "Marketing": "re"},
)
class SurveyInvitation(Document):
    survey = models.ForeignKey(
        "securities_crm.Survey", verbose_name=_("Survey"), on_delete=models.PROTECT, related_name="invitations"
    )
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="survey_invitations"
    )
    channel = models.CharField(_("Channel"), max_length=10, choices=FeedbackChannel.choices)
    context_doctype = models.CharField(_("Context Document Type"), max_length=140, blank=True)
    context_name = models.CharField(_("Context Document"), max_length=140, blank=True)
    nonce = models.CharField(_("Nonce"), max_length=64, unique=True)
    expires_at = models.DateTimeField(_("Expires At"))
    transactional = models.BooleanField(_("Transactional"), default=False, help_text=_("Not counted by the throttle."))
    dedup_key = models.CharField(_("Deduplication Key"), max_length=200, unique=True)

    class Meta(Document.Meta):
        verbose_name = _("Survey Invitation")
        verbose_name_plural = _("Survey Invitations")
        indexes = [models.Index(fields=["client", "transactional", "creation"], name="survey_invitation_throttle")]
