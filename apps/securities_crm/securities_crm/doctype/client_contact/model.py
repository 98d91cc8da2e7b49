from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype
from ...core.fields import BlindIndexField, EncryptedField
from ..client import validators
from ..client.model import PERSON_ID_TYPES, check_id
from ..securities_account.model import CHILD_PATHS


class ContactRole(models.TextChoices):
    AUTHORISED_PERSON = "Authorised Person", _("Authorised Person")
    BENEFICIAL_OWNER = "Beneficial Owner", _("Beneficial Owner")
    LEGAL_REPRESENTATIVE = "Legal Representative", _("Legal Representative")
    FAMILY = "Family", _("Family Member")
    HOUSEHOLD = "Household", _("Household Member")
    EMERGENCY = "Emergency Contact", _("Emergency Contact")


@doctype(
    "Client Contact",
    module="Clients",
    naming="series:CON-.########",
    title_field="contact_name",
    search_fields=("contact_name", "client__name", "client__client_name"),
    **CHILD_PATHS,
    set_only_once=("client",),
    rights={
        "Branch Manager": "rwc",
        "Client Manager": "rwc",
        "Compliance Officer": "r",
        "Service Agent": "r",
        "Client": "r",
    },
)
class ClientContact(Document):
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.CASCADE, related_name="contacts"
    )
    contact_role = models.CharField(_("Role"), max_length=30, choices=ContactRole.choices)
    contact_name = models.CharField(_("Name"), max_length=140)
    relationship = models.CharField(
        _("Relationship"), max_length=60, blank=True, help_text=_("For example spouse, parent, director.")
    )
    id_type = models.CharField(
        _("ID Type"), max_length=40, choices=[(t.value, t.label) for t in PERSON_ID_TYPES], blank=True
    )
    id_number = EncryptedField(
        _("ID Number"), kind="id_number", plain_max_length=32, blank=True, index_field="id_number_index"
    )
    id_number_index = BlindIndexField(_("ID Number Search Key"), source="id_number")
    mobile = EncryptedField(_("Mobile"), kind="mobile", plain_max_length=20, blank=True, index_field="mobile_index")
    mobile_index = BlindIndexField(_("Mobile Search Key"), source="mobile")
    email = models.EmailField(_("Email"), blank=True)
    ownership_percent = models.DecimalField(
        _("Ownership (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Beneficial owners: the share held, directly or not."),
    )
    may_trade = models.BooleanField(_("May Place Orders"), default=False)
    valid_until = models.DateField(_("Authorisation Valid Until"), null=True, blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Client Contact")
        verbose_name_plural = _("Client Contacts")

    def validate(self):
        errors = {}
        if self.id_number:
            if not self.id_type:
                errors["id_type"] = _t("Give the ID type of the ID number.")
            else:
                try:
                    self.id_number, _parsed = check_id(self.id_type, self.id_number)
                except ValidationError as exc:
                    errors["id_number"] = exc.messages
        if self.mobile:
            try:
                self.mobile = validators.validate_mobile(self.mobile)
            except ValidationError as exc:
                errors["mobile"] = exc.messages
        if self.ownership_percent is not None and not (0 < self.ownership_percent <= 100):
            errors["ownership_percent"] = _t("Ownership is a percentage above 0 and at most 100.")
        if (
            self.contact_role == ContactRole.BENEFICIAL_OWNER
            and self.client_id
            and self.client.client_type != "Institution"
        ):
            errors["contact_role"] = _t("Only an institution has beneficial owners.")
        if errors:
            raise ValidationError(errors)
