import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...core.errors import DuplicateEntry
from ...core.fields import BlindIndexField, EncryptedField, blind_index
from ...core.masks import mask
from . import validators


class ClientType(models.TextChoices):
    INDIVIDUAL = "Individual", _("Individual")
    INSTITUTION = "Institution", _("Institution")


class IdType(models.TextChoices):
    RESIDENT_ID = "Resident ID", _("Resident ID Card")
    PASSPORT = "Passport", _("Passport")
    HK_MACAU_PERMIT = "HK/Macau Permit", _("Hong Kong/Macau Travel Permit")
    TAIWAN_PERMIT = "Taiwan Permit", _("Taiwan Travel Permit")
    HMT_RESIDENCE_PERMIT = "HK/Macau/Taiwan Residence Permit", _("Hong Kong/Macau/Taiwan Residence Permit")
    USCC = "Unified Social Credit Code", _("Unified Social Credit Code")


PERSON_ID_TYPES = [t for t in IdType if t != IdType.USCC]


def check_id(id_type: str, number: str):
    """Validate an identity number for its type; return (stored form, ResidentId or None)."""
    if id_type in (IdType.RESIDENT_ID, IdType.HMT_RESIDENCE_PERMIT):
        parsed = validators.parse_resident_id(number)
        if id_type == IdType.HMT_RESIDENCE_PERMIT and parsed.number[:2] not in ("81", "82", "83"):
            raise ValidationError(_t("A Hong Kong/Macau/Taiwan residence permit number starts with 81, 82 or 83."))
        return parsed.number, parsed
    if id_type == IdType.USCC:
        return validators.validate_uscc(number), None
    if id_type == IdType.PASSPORT:
        return validators.validate_passport(number), None
    if id_type == IdType.HK_MACAU_PERMIT:
        return validators.validate_hk_macau_permit(number), None
    if id_type == IdType.TAIWAN_PERMIT:
        return validators.validate_taiwan_permit(number), None
    raise ValidationError(_t("Unknown ID type %(t)s.") % {"t": id_type})


class Gender(models.TextChoices):
    MALE = "Male", _("Male")
    FEMALE = "Female", _("Female")


class Education(models.TextChoices):
    BELOW_HIGH_SCHOOL = "Below High School", _("Below High School")
    HIGH_SCHOOL = "High School", _("High School")
    ASSOCIATE = "Associate Degree", _("Associate Degree")
    BACHELOR = "Bachelor", _("Bachelor's Degree")
    MASTER = "Master", _("Master's Degree")
    DOCTORATE = "Doctorate", _("Doctorate")


class IncomeBand(models.TextChoices):
    """Annual income in CNY; the ¥300k and ¥500k lines matter for professional investor status."""

    UNDER_100K = "<100k", _("Under ¥100,000")
    FROM_100K = "100k-300k", _("¥100,000 – ¥300,000")
    FROM_300K = "300k-500k", _("¥300,000 – ¥500,000")
    FROM_500K = "500k-1m", _("¥500,000 – ¥1,000,000")
    OVER_1M = ">1m", _("Over ¥1,000,000")


class InvestorType(models.TextChoices):
    ORDINARY = "Ordinary", _("Ordinary Investor")
    PROFESSIONAL_I = "Professional I", _("Professional Investor I")
    PROFESSIONAL_II = "Professional II", _("Professional Investor II")
    PROFESSIONAL_III = "Professional III", _("Professional Investor III")


class RiskLevel(models.TextChoices):
    C1 = "C1", _("C1 Conservative")
    C2 = "C2", _("C2 Cautious")
    C3 = "C3", _("C3 Balanced")
    C4 = "C4", _("C4 Active")
    C5 = "C5", _("C5 Aggressive")


class ClientStatus(models.TextChoices):
    PROSPECT = "Prospect", _("Prospect")
    ACTIVE = "Active", _("Active")
    DORMANT = "Dormant", _("Dormant")
    CLOSED = "Closed", pgettext_lazy("client status", "Closed")


class SourceChannel(models.TextChoices):
    BRANCH = "Branch", _("Branch Walk-in")
    REFERRAL = "Referral", _("Referral")
    ONLINE = "Online", _("Online Account Opening")
    APP = "App", _("Mobile App")
    EVENT = "Event", _("Event")
    PARTNER_BANK = "Partner Bank", _("Partner Bank")
    OTHER = "Other", _("Other")


@doctype(
    "Client",
    module="Clients",
    naming="series:CL-.######",
    title_field="client_name",
    client_path="",
    branch_path="branch",
    manager_path="client_manager",
    search_fields=("name", "client_name"),
    # The classification comes only from a submitted assessment or an approved professional-investor
    # application; the portal login only from activation; the restriction only from a deletion request.
    server_set=("investor_type", "risk_level", "risk_valid_until", "lowest_category", "user", "processing_restricted"),
    set_only_once=("client_type",),
    masked_with={"birth_date": "id_number"},
    rights={
        "Branch Manager": "rwce",
        "Client Manager": "rwc",
        "Advisor": "r",
        "Compliance Officer": "re",
        "Risk Officer": "r",
        "Service Agent": "r",
        "Client": "r",
    },
)
class Client(Document):
    # identity
    client_name = models.CharField(_("Client Name"), max_length=140)
    client_type = models.CharField(
        _("Client Type"), max_length=20, choices=ClientType.choices, default=ClientType.INDIVIDUAL
    )
    id_type = models.CharField(_("ID Type"), max_length=40, choices=IdType.choices, default=IdType.RESIDENT_ID)
    id_number = EncryptedField(_("ID Number"), kind="id_number", plain_max_length=32, index_field="id_number_index")
    id_number_index = BlindIndexField(_("ID Number Search Key"), source="id_number", unique=True, null=True)
    birth_date = models.DateField(
        _("Date of Birth"), null=True, blank=True, help_text=_("Taken from the resident ID number when there is one.")
    )
    gender = models.CharField(_("Gender"), max_length=10, choices=Gender.choices, blank=True)
    nationality = models.CharField(_("Nationality"), max_length=60, blank=True, default="CN")
    # contact
    mobile = EncryptedField(_("Mobile"), kind="mobile", plain_max_length=20, blank=True, index_field="mobile_index")
    mobile_index = BlindIndexField(_("Mobile Search Key"), source="mobile")
    email = models.EmailField(_("Email"), blank=True)
    address = models.CharField(_("Address"), max_length=255, blank=True)
    # background
    occupation = models.CharField(_("Occupation"), max_length=100, blank=True)
    employer = models.CharField(_("Employer"), max_length=140, blank=True)
    education = models.CharField(
        pgettext_lazy("schooling", "Education"), max_length=30, choices=Education.choices, blank=True
    )
    # financial profile
    annual_income = models.CharField(_("Annual Income"), max_length=20, choices=IncomeBand.choices, blank=True)
    financial_assets = models.DecimalField(
        _("Financial Assets (CNY)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    net_assets = models.DecimalField(
        _("Net Assets (CNY)"),
        max_digits=18,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Institutions only."),
    )
    investment_years = models.PositiveSmallIntegerField(_("Years of Investment Experience"), null=True, blank=True)
    # classification
    investor_type = models.CharField(
        _("Investor Type"), max_length=20, choices=InvestorType.choices, default=InvestorType.ORDINARY
    )
    risk_level = models.CharField(
        _("Risk Level"),
        max_length=2,
        choices=RiskLevel.choices,
        blank=True,
        help_text=_("Set by the latest valid risk assessment."),
    )
    risk_valid_until = models.DateField(_("Risk Level Valid Until"), null=True, blank=True)
    lowest_category = models.BooleanField(
        _("Lowest Risk Category"),
        default=False,
        help_text=_("C1 clients with the lowest risk tolerance: R1 products only."),
    )
    # ownership and state
    client_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Client Manager"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="managed_clients",
    )
    # The investment advisor (投资顾问) serving the client: an Advisor sees the clients assigned to them and
    # their records (permissions/policy.py, the "advisor" scope). Set by whoever may write the client.
    advisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Advisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="advised_clients",
    )
    branch = models.ForeignKey(
        "securities_crm.Branch", verbose_name=_("Branch"), on_delete=models.PROTECT, related_name="clients"
    )
    status = models.CharField(
        _("Status"), max_length=20, choices=ClientStatus.choices, default=ClientStatus.PROSPECT, db_index=True
    )
    source_channel = models.CharField(_("Source Channel"), max_length=20, choices=SourceChannel.choices, blank=True)
    onboarded_on = models.DateField(_("Onboarded On"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Portal User"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="client",
    )
    processing_restricted = models.BooleanField(
        _("Processing Restricted"),
        default=False,
        help_text=_(
            "Set when the client asked for deletion while records must be retained: "
            "the record is archived and used for nothing but legal obligations."
        ),
    )

    class Meta(Document.Meta):
        verbose_name = _("Client")
        verbose_name_plural = _("Clients")
        indexes = [
            models.Index(fields=["branch", "status"]),
            models.Index(fields=["client_manager", "status"]),
            models.Index(fields=["advisor", "status"]),
            models.Index(fields=["client_name"]),
        ]

    # --- lookups ----------------------------------------------------------------------
    @classmethod
    def by_id_number(cls, number: str):
        """The client with this ID number, found through the blind index, or None."""
        return cls.objects.filter(id_number_index=blind_index("id_number", number)).first()

    @property
    def masked_id_number(self) -> str:
        return mask(self.id_number, "id_number")

    @property
    def masked_mobile(self) -> str:
        return mask(self.mobile, "mobile")

    @property
    def risk_level_valid(self) -> bool:
        return bool(self.risk_level) and (self.risk_valid_until is None or self.risk_valid_until >= dt.date.today())

    # --- checks -----------------------------------------------------------------------
    def validate(self):
        errors = {}
        if self.client_type == ClientType.INSTITUTION and self.id_type != IdType.USCC:
            errors["id_type"] = _t("An institution is identified by its unified social credit code.")
        elif self.client_type == ClientType.INDIVIDUAL and self.id_type == IdType.USCC:
            errors["id_type"] = _t("A unified social credit code identifies an institution, not a person.")
        if self.id_number and "id_type" not in errors:
            try:
                self.id_number, parsed = check_id(self.id_type, self.id_number)
            except ValidationError as exc:
                errors["id_number"] = exc.messages
            else:
                if parsed is not None:
                    self.birth_date = parsed.birth_date
                    self.gender = parsed.gender
        if self.mobile:
            try:
                self.mobile = validators.validate_mobile(self.mobile)
            except ValidationError as exc:
                errors["mobile"] = exc.messages
        if self.email:
            try:
                self.email = validators.validate_email(self.email)
            except ValidationError as exc:
                errors["email"] = exc.messages
        if self.lowest_category and self.risk_level not in ("", RiskLevel.C1):
            errors["lowest_category"] = _t("Only a C1 client can be in the lowest risk category.")
        if errors:
            raise ValidationError(errors)

    def full_clean(self, *args, **kwargs):
        super().full_clean(*args, **kwargs)
        # After the field checks, and outside clean(): full_clean() would re-wrap a DuplicateEntry
        # raised there as a plain ValidationError, and the API answers a duplicate with 409.
        self._check_duplicate()

    def _check_duplicate(self):
        if not self.id_number:
            return
        key = blind_index("id_number", self.id_number)
        other = Client.objects.filter(id_number_index=key).exclude(pk=self.pk).values_list("name", flat=True).first()
        if other:
            raise DuplicateEntry(
                {"id_number": _t("A client with this ID number already exists (%(name)s).") % {"name": other}},
                code="duplicate",
            )
