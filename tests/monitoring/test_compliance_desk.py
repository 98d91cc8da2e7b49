"""Compliance in the desk: a suspicious-transaction report raised from a case (prefilled from it), the AML
report's client picked by autocomplete, and the institution code a setting checked before any export."""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client as DjangoClient
from django.urls import reverse

from .conftest import feed, make_rule, scan, transfer, world  # noqa: F401  (world is a fixture)

pytestmark = pytest.mark.django_db


def _desk(user):
    session = DjangoClient(HTTP_ACCEPT_LANGUAGE="en")
    session.force_login(user)
    return session


@pytest.fixture
def case(world):
    from securities_crm.core import workflow as workflows

    feed("fund_transfers", [transfer("60000.00", "2026-03-02 10:00:00", is_cash="1")])
    alert = scan(make_rule("large_cash", code="AML-CASH"))[0]
    found = workflows.apply(alert, "escalate", world["compliance"], "复核后升级").risk_case
    found.narrative = "客户连续多日存入大额现金。"
    found.save()
    return found


def test_raising_a_report_from_a_case_drafts_it_prefilled(case, world):
    from securities_crm.doctype.aml_report.model import AMLReport

    url = reverse("admin:securities_crm_riskcase_raise_str", args=[case.pk])
    form = _desk(world["compliance"]).get(reverse("admin:securities_crm_riskcase_change", args=[case.pk]))
    assert url in form.content.decode()
    r = _desk(world["compliance"]).get(url)
    report = AMLReport.objects.get(risk_case=case)
    assert r.status_code == 302 and r["Location"] == reverse("admin:securities_crm_amlreport_change", args=[report.pk])
    assert (report.report_type, report.client, report.docstatus) == ("Suspicious", case.client, 0)
    assert report.narrative == case.narrative and report.evidence and report.due_date
    _desk(world["compliance"]).get(url)  # again: the same draft, not a second report
    case.refresh_from_db()
    assert AMLReport.objects.filter(risk_case=case).count() == 1 and case.status != "Reported"
    # the workflow's "report" move files that same draft, with its own narrative
    from securities_crm.monitoring import workflow

    filed = workflow.raise_suspicious_report(case, "现金拆分存入，规避大额报告。")
    assert filed.pk == report.pk and filed.narrative.startswith("现金拆分")


def test_only_compliance_may_raise_one(case, world, make_user, branch):
    from securities_crm.doctype.aml_report.model import AMLReport

    url = reverse("admin:securities_crm_riskcase_raise_str", args=[case.pk])
    assert _desk(world["risk"]).get(url).status_code in (403, 404)  # an AML case is not even theirs to see
    admin = make_user("sm_str", roles=["System Manager"], branch=branch)
    assert _desk(admin).get(url).status_code == 403  # sees the case; the report's contents are Compliance's
    assert not AMLReport.objects.filter(risk_case=case).exists()


def test_the_reports_client_is_an_autocomplete(case, world):
    from securities_crm.doctype.aml_report.model import AMLReport

    report = case.draft_suspicious_report()
    html = _desk(world["compliance"]).get(reverse("admin:securities_crm_amlreport_add")).content.decode()
    assert "data-autocomplete-light" in html or "admin-autocomplete" in html
    assert world["firm"].client_name not in html  # no list of every client in the page
    found = _desk(world["compliance"]).get(
        "/app/autocomplete/",
        {"app_label": "securities_crm", "model_name": "amlreport", "field_name": "client", "term": "张"},
    )
    assert [x["id"] for x in found.json()["results"]] == [world["person"].pk]
    assert AMLReport.objects.filter(pk=report.pk).exists()


@pytest.mark.parametrize("code", ["", "  ", "12345", "ABC-123456", "9131 0009 1310 0091"])
def test_export_refuses_a_missing_or_malformed_institution_code(case, world, code):
    from securities_crm.doctype.aml_report import export
    from securities_crm.doctype.aml_settings.model import AMLSettings

    AMLSettings(name="AML Settings", institution_name="示例证券", institution_code="").save()
    AMLSettings.objects.update(institution_code=code)  # as if stored before the check existed
    report = case.draft_suspicious_report()
    with pytest.raises(ValidationError) as err:
        export.export_xml([report], world["compliance"])
    assert "institution_code" in err.value.message_dict
    # in the desk: back to the settings with the reason, no file
    r = _desk(world["compliance"]).get(reverse("admin:securities_crm_amlreport_export_xml_detail", args=[report.pk]))
    assert r.status_code == 302 and r["Location"].startswith(reverse("admin:securities_crm_amlsettings_changelist"))


def test_the_code_is_a_setting_compliance_keeps(world):
    from securities_crm.doctype.aml_settings.model import AMLSettings

    desk = _desk(world["compliance"])
    r = desk.get(reverse("admin:securities_crm_amlsettings_changelist"))
    change = reverse("admin:securities_crm_amlsettings_change", args=["AML Settings"])
    assert r.status_code == 302 and r["Location"] == change
    r = desk.post(change, {"institution_name": "示例证券", "institution_code": "bad code"})
    assert r.status_code == 200 and "6 to 20 capital letters and digits" in r.content.decode()
    r = desk.post(change, {"institution_name": "示例证券", "institution_code": "91310000ma1fl0001x"})
    assert r.status_code == 302
    assert AMLSettings.get_solo().institution_code == "91310000MA1FL0001X"
    r = _desk(world["risk"]).post(change, {"institution_name": "x", "institution_code": "ABCDEF1"})
    assert r.status_code == 403 and AMLSettings.get_solo().institution_name == "示例证券"
