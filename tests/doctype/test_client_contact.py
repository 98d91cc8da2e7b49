"""Client Contact: authorised persons, beneficial owners (institutions only), family links."""

import pytest
from client_fixtures import english, new_client, resident_id, uscc  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError

from securities_crm.doctype.client_contact.model import ClientContact

pytestmark = pytest.mark.django_db


def test_beneficial_owners_belong_to_institutions(branch):
    company = new_client(branch, client_type="Institution", id_type="Unified Social Credit Code", id_number=uscc())
    owner = ClientContact(
        client=company,
        contact_role="Beneficial Owner",
        contact_name="李强",
        id_type="Resident ID",
        id_number=resident_id(seq=55).lower(),
        ownership_percent=51,
    )
    owner.save()
    assert ClientContact.objects.get(id_number=resident_id(seq=55)) == owner
    assert owner.name.startswith("CON-")
    person = new_client(branch, seq=2)
    with pytest.raises(ValidationError) as exc:
        ClientContact(client=person, contact_role="Beneficial Owner", contact_name="李强").save()
    assert "contact_role" in exc.value.message_dict


@pytest.mark.parametrize(
    "fields, bad",
    [
        ({"id_number": resident_id(seq=9)}, "id_type"),
        ({"id_type": "Resident ID", "id_number": "110105"}, "id_number"),
        ({"mobile": "12"}, "mobile"),
        ({"ownership_percent": 120}, "ownership_percent"),
    ],
)
def test_bad_contacts_name_the_field(branch, fields, bad):
    with pytest.raises(ValidationError) as exc:
        ClientContact(client=new_client(branch), contact_role="Family", contact_name="王芳", **fields).save()
    assert bad in exc.value.message_dict
    assert not ClientContact.objects.exists()
