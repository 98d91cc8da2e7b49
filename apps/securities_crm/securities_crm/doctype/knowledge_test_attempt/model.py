"""Knowledge Test Attempt: one client's attempt at one version of a Knowledge Test, scored by the server.

Started and submitted only through education/knowledge.py (system_only): it copies the test's version,
sets the deadline from the time limit, and scores the answers on submission. A submission after the
deadline is not scored (Expired). A pass is the attempt row with `passed`, so "has this client passed
version 3 of the options test?" is one query (`KnowledgeTestAttempt.passes`).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ..securities_account.model import CHILD_PATHS


class AttemptStatus(models.TextChoices):
    IN_PROGRESS = "In Progress", _("In Progress")
    SUBMITTED = "Submitted", pgettext_lazy("test attempt status", "Submitted")
    EXPIRED = "Expired", pgettext_lazy("test attempt status", "Expired")


@doctype(
    "Knowledge Test Attempt",
    module="Education",
    naming="series:KTA-.YYYY.-.######",
    title_field="test",
    search_fields=("name", "client__client_name", "test__title"),
    **CHILD_PATHS,
    system_only=True,
    rights={
        "Compliance Officer": "re",
        "Marketing": "r",
        "Client Manager": "r",
        "Branch Manager": "re",
        "Advisor": "r",
        "Client": "r",
    },
)
class KnowledgeTestAttempt(Document):
    test = models.ForeignKey(
        "securities_crm.KnowledgeTest",
        verbose_name=_("Knowledge Test"),
        on_delete=models.PROTECT,
        related_name="attempts",
    )
    test_code = models.CharField(_("Test Code"), max_length=40, db_index=True)
    test_version = models.PositiveIntegerField(_("Test Version"))
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="test_attempts"
    )
    attempt_no = models.PositiveSmallIntegerField(_("Attempt"))
    status = models.CharField(
        _("Status"), max_length=20, choices=AttemptStatus.choices, default=AttemptStatus.IN_PROGRESS, db_index=True
    )
    started_at = models.DateTimeField(_("Started At"))
    deadline = models.DateTimeField(_("Deadline"))
    submitted_at = models.DateTimeField(_("Submitted At"), null=True, blank=True)
    answers = models.JSONField(_("Answers"), default=dict, blank=True)
    score = models.PositiveIntegerField(_("Score"), default=0)
    max_score = models.PositiveIntegerField(_("Maximum Score"), default=0)
    pass_mark = models.PositiveIntegerField(_("Pass Mark"), default=0)
    passed = models.BooleanField(_("Passed"), default=False)

    class Meta(Document.Meta):
        verbose_name = _("Knowledge Test Attempt")
        verbose_name_plural = _("Knowledge Test Attempts")
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(fields=["test", "client", "attempt_no"], name="uniq_test_attempt_no"),
        ]
        indexes = [models.Index(fields=["client", "test_code", "passed"], name="test_attempt_passes")]

    @classmethod
    def passes(cls, client, code: str, version: int | None = None):
        """The client's passed attempts of test `code` (of one version if given)."""
        rows = cls.objects.filter(client=client, test_code=code, passed=True)
        return rows.filter(test_version=version) if version is not None else rows
