"""The demo clients step: both client types with accounts, contacts and consents, valid identity
numbers, sealed columns, the portal login linked to a client, and a second run that adds nothing."""

import pytest
from client_fixtures import english  # noqa: F401  (fixture)

from securities_crm import demo
from securities_crm.demo.clients import unique_resident_id, unique_uscc
from securities_crm.doctype.client import validators
from securities_crm.doctype.client.model import Client
from securities_crm.doctype.client_contact.model import ClientContact
from securities_crm.doctype.consent_record.model import ConsentRecord
from securities_crm.doctype.securities_account.model import SecuritiesAccount


def test_demo_identity_numbers_are_valid_and_unique():
    ids = [unique_resident_id(i)[0] for i in range(20000)]
    assert len(set(ids)) == len(ids)
    for number in ids[:2000]:
        validators.parse_resident_id(number)
    codes = [unique_uscc(i) for i in range(2000)]
    assert len(set(codes)) == len(codes)
    for code in codes:
        validators.validate_uscc(code)


@pytest.mark.django_db(transaction=True)
def test_demo_clients(db):
    ctx = demo.Context(clients=60, quiet=True, password="demo-pass-123")
    demo.run(ctx)
    assert Client.objects.count() == 60
    assert set(Client.objects.values_list("client_type", flat=True)) == {"Individual", "Institution"}
    assert SecuritiesAccount.objects.exists() and ConsentRecord.objects.exists()
    assert ClientContact.objects.filter(contact_role="Beneficial Owner").exists()
    sample = Client.objects.filter(client_type="Individual").first()
    validators.parse_resident_id(sample.id_number)
    assert Client.objects.get(id_number=sample.id_number) == sample
    portal = Client.objects.get(user__username="client")
    assert portal.client_manager.username == "client_manager"
    # the demo advisor serves clients of their branch, the portal client among them; advisors only
    assert portal.advisor.username == "advisor"
    advised = Client.objects.filter(advisor__isnull=False)
    assert 0 < advised.count() < 60
    assert all(c.advisor.groups.filter(name="Advisor").exists() for c in advised.select_related("advisor"))
    assert all(c.advisor.staff_profile.branch_id == c.branch_id for c in advised)
    demo.run(ctx)
    assert Client.objects.count() == 60
    assert Client.objects.filter(user__username="client").count() == 1
