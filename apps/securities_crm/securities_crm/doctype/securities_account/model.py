from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import Document, doctype
from ...core.fields import EncryptedField

CHILD_PATHS = dict(client_path="client", branch_path="client__branch", manager_path="client__client_manager")


class AccountType(models.TextChoices):
    CASH = "Cash", pgettext_lazy("account type", "Cash")
    MARGIN = "Margin", _("Margin")
    OPTIONS = "Options", _("Options")


class Market(models.TextChoices):
    SH = "SH", _("Shanghai A-Share")
    SZ = "SZ", _("Shenzhen A-Share")
    BJ = "BJ", _("Beijing Stock Exchange")
    SH_B = "SH-B", _("Shanghai B-Share")
    SZ_B = "SZ-B", _("Shenzhen B-Share")
    HK_CONNECT = "HK", _("Stock Connect (Hong Kong)")


class AccountStatus(models.TextChoices):
    ACTIVE = "Active", _("Active")
    DORMANT = "Dormant", _("Dormant")
    FROZEN = "Frozen", _("Frozen")
    CLOSED = "Closed", pgettext_lazy("account status", "Closed")


@doctype(
    "Securities Account",
    module="Clients",
    naming="field:account_number",
    title_field="account_number",
    search_fields=("account_number", "client__name", "client__client_name"),
    **CHILD_PATHS,
    rights={
        "Branch Manager": "r",
        "Client Manager": "r",
        "Compliance Officer": "r",
        "Risk Officer": "r",
        "Client": "r",
    },
)
class SecuritiesAccount(Document):
    account_number = models.CharField(_("Account Number"), max_length=40, unique=True)
    client = models.ForeignKey(
        "securities_crm.Client", verbose_name=_("Client"), on_delete=models.PROTECT, related_name="accounts"
    )
    account_type = models.CharField(
        _("Account Type"), max_length=20, choices=AccountType.choices, default=AccountType.CASH
    )
    market = models.CharField(_("Market"), max_length=10, choices=Market.choices, default=Market.SH)
    bank_name = models.CharField(
        _("Designated Bank"),
        max_length=100,
        blank=True,
        help_text=_("The third-party depository bank (三方存管) for the account's funds."),
    )
    bank_account = EncryptedField(_("Bank Account"), kind="bank_account", plain_max_length=34, blank=True)
    bank_account_name = models.CharField(
        _("Bank Account Name"),
        max_length=140,
        blank=True,
        help_text=_("Must match the client's name for fund transfers."),
    )
    opened_on = models.DateField(_("Opened On"), null=True, blank=True)
    closed_on = models.DateField(_("Closed On"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=AccountStatus.choices, default=AccountStatus.ACTIVE, db_index=True
    )

    class Meta(Document.Meta):
        verbose_name = _("Securities Account")
        verbose_name_plural = _("Securities Accounts")
        ordering = ["account_number"]

    def validate(self):
        errors = {}
        self.account_number = (self.account_number or "").strip().upper()
        if self.account_number and not self.account_number.isalnum():
            errors["account_number"] = _t("An account number has only letters and digits.")
        if self.bank_account:
            digits = "".join(ch for ch in self.bank_account if ch.isdigit())
            if not (12 <= len(digits) <= 30) or len(digits) != len("".join(self.bank_account.split())):
                errors["bank_account"] = _t("A bank account number is 12 to 30 digits.")
            else:
                self.bank_account = digits
        if self.closed_on and self.opened_on and self.closed_on < self.opened_on:
            errors["closed_on"] = _t("An account cannot close before it opened.")
        if self.status == AccountStatus.CLOSED and not self.closed_on:
            errors["closed_on"] = _t("A closed account needs its closing date.")
        if errors:
            raise ValidationError(errors)
