"""The client 360 page's tabs of the client's own records: accounts, contacts, consents, the timeline."""

from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from ..client_contact.model import ClientContact
from ..client_interaction.model import ClientInteraction
from ..consent_record.model import ConsentRecord
from ..securities_account.model import SecuritiesAccount


@client_tab(order=10)
class AccountsTab(ClientTab):
    model = SecuritiesAccount
    verbose_name_plural = _("Accounts")
    fields = ("account_number", "account_type", "market", "bank_name", "bank_account_masked", "opened_on", "status")


@client_tab(order=20)
class ContactsTab(ClientTab):
    model = ClientContact
    verbose_name_plural = _("Contacts")
    fields = ("contact_name", "contact_role", "relationship", "mobile_masked", "ownership_percent", "valid_until")


@client_tab(order=30)
class ConsentsTab(ClientTab):
    model = ConsentRecord
    verbose_name_plural = _("Consents")
    fields = ("consent_type", "action", "recorded_at", "channel", "text_version")


@client_tab(order=90)
class InteractionsTab(ClientTab):
    model = ClientInteraction
    verbose_name_plural = _("Interactions")
    fields = ("occurred_at", "interaction_type", "direction", "subject", "staff")
    ordering = ("-occurred_at",)
