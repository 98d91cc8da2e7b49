"""Consent Record: append-only; the latest record per consent is the client's current choice."""

import datetime as dt

import pytest
from client_fixtures import english, new_client  # noqa: F401  (fixtures)
from django.utils import timezone

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.consent_record.model import ConsentRecord

pytestmark = pytest.mark.django_db


def test_the_latest_consent_record_decides_and_records_never_change(branch):
    client = new_client(branch)
    assert ConsentRecord.current(client, "Marketing") is False
    given = ConsentRecord(
        client=client,
        consent_type="Marketing",
        text_version="MKT-2026.1",
        recorded_at=timezone.now() - dt.timedelta(days=3),
    )
    given.save()
    assert ConsentRecord.current(client, "Marketing") is True
    ConsentRecord(client=client, consent_type="Marketing", action="Withdrawn", text_version="MKT-2026.1").save()
    assert ConsentRecord.current(client, "Marketing") is False
    assert ConsentRecord.current(client, "Data Sharing") is False
    given.channel = "App"
    with pytest.raises(DocumentImmutable):
        given.save()


def test_desk_lists_open_on_every_database(make_user, branch):
    """The log-like lists filter by date without date_hierarchy, which needs MariaDB's time zone tables."""
    from client_fixtures import desk_for

    officer = make_user("officer", roles=["Compliance Officer"], branch=branch)
    client = new_client(branch)
    ConsentRecord(client=client, consent_type="Marketing", text_version="v1").save()
    desk = desk_for(officer)
    for path in (
        "consentrecord",
        "clientinteraction",
        "auditlog",
        "client",
        "securitiesaccount",
        "clientcontact",
        "datasubjectrequest",
    ):
        assert desk.get(f"/app/securities_crm/{path}/").status_code == 200, path
