import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...security import audit
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


TRANSITIONS = {
    RequestStatus.OPEN: {RequestStatus.IN_PROGRESS, RequestStatus.REJECTED},
    RequestStatus.IN_PROGRESS: {RequestStatus.COMPLETED, RequestStatus.REJECTED},
    RequestStatus.COMPLETED: set(),
    RequestStatus.REJECTED: set(),
}


@doctype("Data Subject Request", module="Security", naming="series:DSR-.YYYY.-.#####", title_field="request_type",
         search_fields=("name", "client__name", "client__client_name"), **CHILD_PATHS)
class DataSubjectRequest(Document):
    client = models.ForeignKey("securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT,
                               related_name="privacy_requests")
    request_type = models.CharField(_("Request Type"), max_length=20, choices=RequestType.choices)
    details = models.TextField(_("Details"), blank=True,
                               help_text=_("What the client asks for; for a correction, the fields and new values."))
    received_via = models.CharField(_("Received Via"), max_length=20, blank=True, default="Portal")
    due_date = models.DateField(_("Due Date"), blank=True, null=True)
    status = models.CharField(_("Status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN,
                              db_index=True)
    handled_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("Handled By"), on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    resolution = models.TextField(_("Resolution"), blank=True)
    completed_on = models.DateField(_("Completed On"), null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Data Subject Request")
        verbose_name_plural = _("Data Subject Requests")

    @classmethod
    def from_db(cls, db, field_names, values):
        doc = super().from_db(db, field_names, values)
        doc._db_status = doc.__dict__.get("status")
        return doc

    def validate(self):
        if not self.due_date:
            self.due_date = timezone.localdate() + dt.timedelta(days=RESPONSE_DAYS)
        before = getattr(self, "_db_status", None)
        if self.is_new and self.status != RequestStatus.OPEN:
            raise ValidationError({"status": _t("A new request starts Open.")})
        if before and before != self.status and self.status not in TRANSITIONS[RequestStatus(before)]:
            raise ValidationError({"status": _t("A request cannot go from %(a)s to %(b)s.")
                                   % {"a": RequestStatus(before).label, "b": RequestStatus(self.status).label}})
        if self.status in (RequestStatus.COMPLETED, RequestStatus.REJECTED) and not self.resolution:
            raise ValidationError({"resolution": _t("Say how the request was resolved.")})

    def save(self, *args, **kwargs):
        before = getattr(self, "_db_status", None)
        with transaction.atomic():
            if self.status == RequestStatus.COMPLETED and not self.completed_on:
                self.completed_on = timezone.localdate()
            super().save(*args, **kwargs)
            if before != self.status:
                if self.status == RequestStatus.COMPLETED and self.request_type == RequestType.DELETION:
                    self._restrict_and_archive()
                audit.log(audit.PRIVACY_REQUEST, doctype="Data Subject Request", name=self.name,
                          detail=f"{self.request_type}: {self.status}")
        self._db_status = self.status

    def advance(self, status: str, resolution: str = "", user=None):
        """Move the request on; the transition is checked, and a completed deletion is applied."""
        self.status = status
        if resolution:
            self.resolution = resolution
        if user is not None:
            self.handled_by = user
        self.save()

    def data_package(self, user, channel: str = "desk") -> dict:
        """What we hold about the client, for an Access request (PIPL Art. 45): the client record,
        accounts, contacts, consents and interactions. Sensitive values go through masking.present,
        so they are full (and audited) only for a role that may see them."""
        from ...security.masking import present
        from ...security.fields import BlindIndexField

        def record(obj, skip=("client",)):
            out = {}
            for f in obj._meta.concrete_fields:
                if f.name in skip or isinstance(f, BlindIndexField):
                    continue
                if getattr(f, "sensitive", False):
                    out[f.name] = present(user, obj, f.name, channel)
                else:
                    value = getattr(obj, f.attname)
                    out[f.name] = value.isoformat() if hasattr(value, "isoformat") else (
                        None if value is None else str(value) if not isinstance(value, (int, bool)) else value)
            return out

        client = self.client
        return {
            "request": self.name,
            "client": record(client, skip=()),
            "accounts": [record(a) for a in client.accounts.all()],
            "contacts": [record(c) for c in client.contacts.all()],
            "consents": [record(c) for c in client.consents.all()],
            "interactions": [record(i) for i in client.interactions.all()],
        }

    def _restrict_and_archive(self):
        """PIPL Art. 47 deletion while the law requires retention (证券法 Art. 137: 20 years):
        stop all processing but retention, close the client, and withdraw every consent."""
        from ..client.model import ClientStatus
        from ..consent_record.model import ConsentAction, ConsentRecord, ConsentType

        client = self.client
        client.processing_restricted = True
        client.status = ClientStatus.CLOSED
        client.save()
        for consent_type in ConsentType.values:
            if ConsentRecord.current(client, consent_type):
                ConsentRecord(client=client, consent_type=consent_type, action=ConsentAction.WITHDRAWN,
                              channel="Desk", text_version=f"DSR {self.name}").save()
