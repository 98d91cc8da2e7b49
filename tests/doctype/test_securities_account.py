"""Securities Account: its checks, its unique account number, and its sealed bank account."""

import pytest
from client_fixtures import english, new_client  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from securities_crm.doctype.securities_account.model import SecuritiesAccount

pytestmark = pytest.mark.django_db


def test_an_account_is_named_by_its_number_and_keeps_its_bank_account_sealed(branch):
    account = SecuritiesAccount(
        account_number=" a123456789 ",
        client=new_client(branch),
        bank_name="招商银行",
        bank_account="6225 8801 2345 6789",
    )
    account.save()
    assert account.name == account.account_number == "A123456789"
    assert SecuritiesAccount.objects.get(pk="A123456789").bank_account == "6225880123456789"


@pytest.mark.parametrize(
    "fields, bad",
    [
        ({"account_number": "A-1"}, "account_number"),
        ({"bank_account": "6225-88"}, "bank_account"),
        ({"bank_account": "62258801234567AB"}, "bank_account"),
        ({"status": "Closed"}, "closed_on"),
        ({"opened_on": "2024-05-01", "closed_on": "2024-04-01"}, "closed_on"),
    ],
)
def test_bad_accounts_name_the_field(branch, fields, bad):
    values = {"account_number": "A000000001", "client": new_client(branch), **fields}
    with pytest.raises(ValidationError) as exc:
        SecuritiesAccount(**values).save()
    assert bad in exc.value.message_dict
    assert not SecuritiesAccount.objects.exists()


def test_account_numbers_are_unique(branch):
    client = new_client(branch)
    SecuritiesAccount(account_number="A000000001", client=client).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        SecuritiesAccount.objects.bulk_create([SecuritiesAccount(name="x", account_number="A000000001", client=client)])
