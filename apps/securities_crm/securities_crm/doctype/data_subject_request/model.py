import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...core.workflow import SYSTEM, Transition, Workflow
from ...core.workflow import apply as apply_workflow
from ..audit_log import audit
from ..client.model import ClientStatus
from ..consent_record.model import ConsentAction, ConsentRecord, ConsentType
from ..securities_account.model import CHILD_PATHS

# PIPL asks for a timely answer; we promise 15 calendar days, as most brokers' privacy notices do.
RESPONSE_DAYS = 15


class RequestType(models.TextChoices):
    ACCESS = "Access", _("Access")
    CORRECTION = "Correction", _("Correction")
    DELETION = "Deletion", _("Deletion")


class RequestStatus(models.TextChoices):
    OPEN = "Open", _("Open")
    IN_PROGRESS = "In Progress", _("In Progress")
    COMPLETED = "Completed", _("Completed")
    REJECTED = "Rejected", _("Rejected")


WORKFLOW = Workflow(
    log="transitions",
    reason_field="resolution",
    owns=("handled_by", "resolution", "completed_on"),
    transitions=(
        Transition(
            "start",
            (RequestStatus.OPEN,),
            RequestStatus.IN_PROGRESS,
            pgettext_lazy("workflow action", "Start"),
            needs_reason=False,
        ),
        Transition("complete", (RequestStatus.IN_PROGRESS,), RequestStatus.COMPLETED, _("Complete")),
        Transition("reject", (RequestStatus.OPEN, RequestStatus.IN_PROGRESS), RequestStatus.REJECTED, _("Reject")),
    ),
)


@doctype(
    "Data Subject Request",
    module="Security",
    naming="series:DSR-.YYYY.-.#####",
    title_field="request_type",
    search_fields=("name", "client__name", "client__client_name"),
    **CHILD_PATHS,
    workflow=WORKFLOW,
    server_set=("due_date",),
    set_only_once=("client", "request_type"),
    rights={"Compliance Officer": "rw", "Service Agent": "rwc", "Client": "rc"},
)
class DataSubjectRequest(Document):
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="privacy_requests"
    )
    request_type = models.CharField(_("Request Type"), max_length=20, choices=RequestType.choices)
    details = models.TextField(
        _("Details"), blank=True, help_text=_("What the client asks for; for a correction, the fields and new values.")
    )
    received_via = models.CharField(_("Received Via"), max_length=20, blank=True, default="Portal")
    due_date = models.DateField(_("Due Date"), blank=True, null=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Handled By"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    resolution = models.TextField(_("Resolution"), blank=True)
    completed_on = models.DateField(_("Completed On"), null=True, blank=True)
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    class Meta(Document.Meta):
        verbose_name = _("Data Subject Request")
        verbose_name_plural = _("Data Subject Requests")
        indexes = [models.Index(fields=["client", "creation"], name="dsr_client_creation")]  # the client timeline

    def validate(self):
        if not self.due_date:
            self.due_date = timezone.localdate() + dt.timedelta(days=RESPONSE_DAYS)

    def save(self, *args, **kwargs):
        new = self.is_new
        super().save(*args, **kwargs)
        if new:
            self._audit()

    def _audit(self):
        audit.log(
            audit.PRIVACY_REQUEST,
            doctype="Data Subject Request",
            name=self.name,
            detail=f"{self.request_type}: {self.status}",
        )

    # --- the workflow's moves (core/workflow.apply calls these) ---------------------------
    def before_transition(self, move, user, reason, values):
        if getattr(user, "pk", None) is not None:
            self.handled_by = user
        if move.action in ("complete", "reject"):
            self.resolution = reason  # how the request was resolved: the move's reason
        if move.action == "complete":
            self.completed_on = timezone.localdate()

    def after_transition(self, move, user, reason, values):
        if move.action == "complete" and self.request_type == RequestType.DELETION:
            self._restrict_and_archive()
        self._audit()

    def advance(self, status: str, resolution: str = "", user=SYSTEM):
        """Move the request on to `status` (the workflow's move to it), with the resolution as its reason."""
        move = WORKFLOW.to(self.status, status)
        if move is None:
            raise ValidationError(
                {
                    "status": _t("A request cannot go from %(a)s to %(b)s.")
                    % {"a": RequestStatus(self.status).label, "b": RequestStatus(status).label}
                }
            )
        return apply_workflow(self, move.action, user, resolution)

    def _restrict_and_archive(self):
        """PIPL Art. 47 deletion while the law requires retention (证券法 Art. 137: 20 years):
        stop all processing but retention, close the client, and withdraw every consent."""
        client = self.client
        client.processing_restricted = True
        client.status = ClientStatus.CLOSED
        client.save()
        for consent_type in ConsentType.values:
            if ConsentRecord.current(client, consent_type):
                ConsentRecord(
                    client=client,
                    consent_type=consent_type,
                    action=ConsentAction.WITHDRAWN,
                    channel="Desk",
                    text_version=f"DSR {self.name}",
                ).save()
