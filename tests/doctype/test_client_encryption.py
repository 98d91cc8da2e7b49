"""Field encryption at rest: AES-GCM round trips, blind-index search, key rotation, and no
plaintext in the tables, the history tables or the SQL sent to the database."""

import json

import pytest
from client_fixtures import english, new_client, resident_id  # noqa: F401  (fixtures)
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from securities_crm.core import crypto, keys
from securities_crm.core.fields import blind_index
from securities_crm.doctype.client.model import Client
from securities_crm.doctype.client_contact.model import ClientContact
from securities_crm.doctype.securities_account.model import SecuritiesAccount

ID = "11010519491231002X"
MOBILE = "13987654321"
BANK = "6222020200112233445"


def test_round_trip_and_integrity():
    token = crypto.encrypt(ID, "id_number")
    assert token.startswith(keys.get_ring().active + "$")
    assert ID not in token
    assert crypto.decrypt(token, "id_number") == ID
    assert crypto.encrypt(ID, "id_number") != token  # a fresh nonce each time
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(token, "mobile")  # bound to its field kind
    kid, body = token.split("$")
    tampered = f"{kid}${body[:-4]}{'AAAA' if body[-4:] != 'AAAA' else 'BBBB'}"
    with pytest.raises(crypto.DecryptionError):
        crypto.decrypt(tampered, "id_number")


def test_blind_index_is_keyed_and_normalised():
    assert blind_index("id_number", ID.lower()) == blind_index("id_number", ID)
    assert blind_index("mobile", "+86 139 8765 4321") == blind_index("mobile", MOBILE)
    assert blind_index("mobile", MOBILE) != blind_index("id_number", MOBILE)
    assert MOBILE not in blind_index("mobile", MOBILE)


@pytest.fixture
def stored(branch):
    client = new_client(branch, id_number=ID, mobile=MOBILE)
    SecuritiesAccount(account_number="A000000001", client=client, bank_name="工商银行", bank_account=BANK).save()
    ClientContact(
        client=client,
        contact_role="Family",
        contact_name="王芳",
        id_type="Resident ID",
        id_number=resident_id(seq=77),
        mobile="13600001111",
    ).save()
    client.email = "changed@example.com"
    client.save()  # a second history row
    return client


def _all_text(table):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
        return json.dumps(cursor.fetchall(), default=str, ensure_ascii=False)


@pytest.mark.django_db
def test_raw_tables_hold_no_plaintext(stored):
    secrets = [ID, ID.lower(), MOBILE, BANK, resident_id(seq=77), "13600001111", ID[6:14] + ID[14:17]]
    tables = [
        "securities_crm_client",
        "securities_crm_client_history",
        "securities_crm_securitiesaccount",
        "securities_crm_securitiesaccount_history",
        "securities_crm_clientcontact",
        "securities_crm_clientcontact_history",
    ]
    for table in tables:
        text = _all_text(table)
        assert "k1$" in text or keys.get_ring().active + "$" in text, table  # something was stored, sealed
        for secret in secrets:
            assert secret not in text, (table, secret)


@pytest.mark.django_db
def test_sql_sent_to_the_database_holds_no_plaintext(branch):
    with CaptureQueriesContext(connection) as queries:
        client = new_client(branch, id_number=ID, mobile=MOBILE)
        assert Client.objects.filter(id_number=ID).get() == client
        assert Client.objects.filter(mobile="+86 139 8765 4321").exists()
    sql = json.dumps([q["sql"] for q in queries.captured_queries], ensure_ascii=False)
    assert ID not in sql and MOBILE not in sql


@pytest.mark.django_db
def test_exact_search_through_the_blind_index(stored):
    assert Client.objects.get(id_number=ID.lower()) == stored
    assert Client.objects.get(id_number_index=blind_index("id_number", ID)) == stored
    assert Client.by_id_number(ID) == stored
    assert list(Client.objects.filter(id_number__in=[ID, "nope"])) == [stored]
    assert Client.objects.filter(mobile=MOBILE).count() == 1
    assert not Client.objects.filter(id_number=resident_id(seq=999)).exists()
    assert ClientContact.objects.filter(id_number=resident_id(seq=77)).count() == 1
    with pytest.raises(FieldError):
        Client.objects.filter(id_number__contains="1101").count()
    with pytest.raises(FieldError):  # no index: a bank account cannot be searched
        SecuritiesAccount.objects.filter(bank_account=BANK).count()


@pytest.fixture
def ring_file(settings, tmp_path):
    """A private copy of the key ring, so rotation never touches the demo's keys."""
    path = tmp_path / "field_keys.json"
    path.write_text(keys.get_ring().to_json())
    settings.CRM_FIELD_KEYS_FILE = str(path)
    yield path
    keys.reload()


@pytest.mark.django_db
def test_rotation_re_encrypts_and_reads_keep_working(stored, ring_file):
    old = keys.get_ring()
    call_command("rotate_keys", verbosity=0)
    new = keys.get_ring()
    assert new.active != old.active and set(old.keys) < set(new.keys)
    assert json.loads(ring_file.read_text())["active"] == new.active
    for table in ("securities_crm_client", "securities_crm_client_history", "securities_crm_securitiesaccount"):
        text = _all_text(table)
        assert f"{new.active}$" in text and f"{old.active}$" not in text, table
    fresh = Client.objects.get(pk=stored.pk)
    assert (fresh.id_number, fresh.mobile) == (ID, MOBILE)
    assert SecuritiesAccount.objects.get().bank_account == BANK
    assert Client.objects.get(id_number=ID) == stored  # the index key did not change


@pytest.mark.django_db
def test_values_under_any_ring_key_stay_readable_during_rotation(stored, ring_file):
    """Mid-rotation some rows are under the old key and some under the new one; a process that
    still holds the old ring meets the new key id and re-reads the ring file."""
    old = keys.get_ring()
    keys.install(old.with_new_key())  # written to the file; this process now seals with the new key
    second = new_client(stored.branch, seq=2)
    keys.install(old, write=False)  # a process that has not seen the rotation yet
    assert Client.objects.get(pk=second.pk).id_number == second.id_number
    assert Client.objects.get(pk=stored.pk).id_number == ID


@pytest.mark.django_db
def test_staged_key_is_added_inactive_then_activated(stored, ring_file):
    old = keys.get_ring()
    call_command("rotate_keys", "--stage", verbosity=0)
    staged = keys.get_ring()
    assert staged.active == old.active and len(staged.keys) == len(old.keys) + 1
    call_command("rotate_keys", verbosity=0)
    assert keys.get_ring().active == staged.newest()
    assert Client.objects.get(pk=stored.pk).id_number == ID


def test_env_held_ring_needs_an_output_file(settings):
    from django.core.management.base import CommandError

    settings.CRM_FIELD_KEYS_FILE = None
    settings.DEMO = False
    with pytest.raises(CommandError, match="--output"):
        call_command("rotate_keys", verbosity=0)
    keys.reload()
