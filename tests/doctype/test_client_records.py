"""Record rules for clients and their records, per role, the same in lists, forms, search,
export and counts: the policy module, and the desk that asks it."""

import pytest
from client_fixtures import desk_for, english, world  # noqa: F401  (fixtures)

from securities_crm.doctype.client.model import Client
from securities_crm.doctype.client_contact.model import ClientContact
from securities_crm.doctype.client_interaction.model import ClientInteraction
from securities_crm.doctype.consent_record.model import ConsentRecord
from securities_crm.doctype.data_subject_request.model import DataSubjectRequest
from securities_crm.doctype.securities_account.model import SecuritiesAccount
from securities_crm.permissions import policy
from securities_crm.security import masking

pytestmark = pytest.mark.django_db

EXPECTED = {  # role -> the clients it sees
    "admin": {"a1", "a2", "b1", "bj"},
    "compliance": {"a1", "a2", "b1", "bj"},
    "risk": {"a1", "a2", "b1", "bj"},
    "service": {"a1", "a2", "b1", "bj"},  # all, but masked (see test_client_masking)
    "bm": {"a1", "a2", "b1"},
    "cm_a": {"a1", "a2"},
    "cm_b": {"b1"},
    "cm_bj": {"bj"},
    "marketing": set(),
    "advisor": set(),
    "nobody": set(),
    "portal": {"a1"},
}


@pytest.fixture
def records(world):
    users, clients = world
    for key, client in clients.items():
        SecuritiesAccount(account_number=f"A{key.upper()}0001", client=client).save()
        ClientContact(client=client, contact_role="Family", contact_name=f"家属{key}").save()
        ConsentRecord(client=client, consent_type="Marketing", text_version="v1").save()
        ClientInteraction(client=client, subject=f"回访{key}").save()
    return users, clients


def _names(clients, keys):
    return {clients[k].name for k in keys}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_clients_visible_per_role(records, who):
    users, clients = records
    user = users[who]
    visible = policy.filter_queryset(user, Client.objects.all())
    assert set(visible.values_list("name", flat=True)) == _names(clients, EXPECTED[who])
    assert visible.count() == len(EXPECTED[who])
    for key, client in clients.items():
        assert policy.can(user, "read", client) == (key in EXPECTED[who])


@pytest.mark.parametrize("who", ["bm", "cm_a", "cm_bj", "compliance", "portal"])
def test_child_records_follow_their_client(records, who):
    users, clients = records
    user = users[who]
    for model in (SecuritiesAccount, ClientContact, ConsentRecord, ClientInteraction):
        rows = policy.filter_queryset(user, model.objects.all())
        if not policy.has_right(user, "read", model):
            assert not rows.exists()
            continue
        assert set(rows.values_list("client_id", flat=True)) == _names(clients, EXPECTED[who]), model


def test_a_portal_client_reaches_their_own_consents_and_requests(records):
    users, clients = records
    portal = users["portal"]
    DataSubjectRequest(client=clients["a1"], request_type="Access").save()
    DataSubjectRequest(client=clients["a2"], request_type="Access").save()
    assert set(policy.filter_queryset(portal, ConsentRecord.objects.all()).values_list("client_id", flat=True)) == {
        clients["a1"].name
    }
    assert [r.client_id for r in policy.filter_queryset(portal, DataSubjectRequest.objects.all())] == [
        clients["a1"].name
    ]


@pytest.mark.parametrize("who", ["bm", "cm_a", "service", "marketing"])
def test_the_desk_applies_the_same_rules_to_lists_search_forms_and_export(records, who):
    users, clients = records
    desk = desk_for(users[who])
    allowed = EXPECTED[who]
    listing = desk.get("/app/securities_crm/client/")
    if not allowed:
        assert listing.status_code == 403
        return
    text = listing.content.decode()
    for key, client in clients.items():
        assert (f"/client/{client.pk}/change/" in text) == (key in allowed), key
        # search by exact ID number (blind index) finds only what the user may see, and only for a role that
        # sees ID numbers in full: for the others a search would be a way to guess the hidden digits
        found = desk.get("/app/securities_crm/client/", {"q": client.id_number}).content.decode()
        searchable = masking.may_search(users[who], Client, "id_number")
        assert (f"/client/{client.pk}/change/" in found) == (key in allowed and searchable), key
        form = desk.get(f"/app/securities_crm/client/{client.pk}/change/")
        assert (form.status_code == 200) == (key in allowed), key
    exported = desk.post("/app/securities_crm/client/export/", {"format": "0", "resource": "0"})
    if policy.has_right(users[who], "export", Client):
        body = exported.content.decode("utf-8-sig")
        assert {c.name for c in clients.values() if c.name in body} == _names(clients, allowed)
    else:
        assert exported.status_code == 403
