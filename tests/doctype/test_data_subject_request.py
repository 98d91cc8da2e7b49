"""Data Subject Requests (PIPL): due date, workflow, deletion as restrict-and-archive, and the
data package of an access request."""

import datetime as dt

import pytest
from client_fixtures import english, new_client  # noqa: F401  (fixtures)
from django.core.exceptions import ValidationError
from django.utils import timezone

from securities_crm.doctype.audit_log.model import AuditLog
from securities_crm.doctype.client.model import Client
from securities_crm.doctype.consent_record.model import ConsentRecord
from securities_crm.doctype.data_subject_request.model import DataSubjectRequest
from securities_crm.security import privacy

pytestmark = pytest.mark.django_db


def test_a_request_is_due_in_fifteen_days_and_follows_its_workflow(branch):
    client = new_client(branch)
    request = DataSubjectRequest(client=client, request_type="Access")
    request.save()
    assert request.name.startswith(f"DSR-{timezone.localdate():%Y}-")
    assert request.due_date == timezone.localdate() + dt.timedelta(days=15)
    with pytest.raises(ValidationError) as exc:
        request.advance("Completed", "sent the data")  # Open cannot jump to Completed
    assert "status" in exc.value.message_dict
    request = DataSubjectRequest.objects.get(pk=request.pk)
    request.advance("In Progress")
    with pytest.raises(ValidationError) as exc:
        request.advance("Completed")  # a resolution is required
    assert "resolution" in exc.value.message_dict
    request = DataSubjectRequest.objects.get(pk=request.pk)
    request.advance("Completed", "A copy of the data was sent through the portal.")
    assert DataSubjectRequest.objects.get(pk=request.pk).completed_on == timezone.localdate()
    assert AuditLog.objects.filter(action="Privacy Request", reference_name=request.name).count() == 3


def test_deletion_during_retention_restricts_and_archives(branch):
    client = new_client(branch)
    ConsentRecord(client=client, consent_type="Marketing", text_version="v1").save()
    request = DataSubjectRequest(client=client, request_type="Deletion")
    request.save()
    request.advance("In Progress")
    request.advance("Completed", "Retention applies (Securities Law Art. 137): restricted and archived.")
    client = Client.objects.get(pk=client.pk)
    assert client.processing_restricted and client.status == "Closed"
    assert client.id_number  # kept, encrypted, for the retention period
    assert ConsentRecord.current(client, "Marketing") is False


def test_an_access_request_yields_the_clients_data_full_for_compliance_and_audited(make_user, branch):
    from client_fixtures import desk_for

    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    officer = make_user("officer", roles=["Compliance Officer"], branch=branch)
    agent = make_user("agent", roles=["Service Agent"], branch=branch)
    client = new_client(branch)
    SecuritiesAccount(account_number="A000000777", client=client, bank_account="6222020200112233445").save()
    request = DataSubjectRequest(client=client, request_type="Access")
    request.save()
    package = privacy.data_package(request, officer)
    assert package["client"]["id_number"] == client.id_number
    assert package["accounts"][0]["bank_account"] == "6222020200112233445"
    assert "id_number_index" not in package["client"]
    assert AuditLog.objects.filter(user="officer", action="Read Full Value").count() == 3
    masked = privacy.data_package(request, agent)
    assert "*" in masked["client"]["id_number"] and "*" in masked["accounts"][0]["bank_account"]
    assert masked["client"]["birth_date"] == "****"  # it would give back the ID number's hidden digits
    response = desk_for(officer).post(
        "/app/securities_crm/datasubjectrequest/", {"action": "download_data_package", "_selected_action": [request.pk]}
    )
    assert response["Content-Type"].startswith("application/json")
    assert client.id_number in response.content.decode()
