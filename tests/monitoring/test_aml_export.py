"""AML Reports exported as XML in the PBOC report layout: well-formed, with the header, the client's full
identity (Compliance only, each revealed value audited), the transactions and, for a suspicious report,
the narrative; from the desk (form button and list action) for Compliance only, every export audited."""

import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as DjangoClient
from django.urls import reverse

from .conftest import feed, make_rule, scan, transfer, world  # noqa: F401  (world is a fixture)

NS = {"r": "urn:securities-crm:aml-report:1"}
pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(world):
    """A large-value report (a cash deposit of ¥60,000 and a cross-border transfer the same day) and a
    suspicious report raised from a case."""
    from securities_crm.core import workflow as workflows
    from securities_crm.doctype.aml_report.model import AMLReport
    from securities_crm.monitoring import workflow

    feed(
        "fund_transfers",
        [
            transfer("60000.00", "2026-03-02 10:00:00", is_cash="1"),
            transfer(
                "30000.00",
                "2026-03-02 11:00:00",
                direction="Out",
                cross_border="1",
                currency="USD",
                counterparty_bank="HSBC Hong Kong",
            ),
        ],
    )
    cash_rule = make_rule("large_cash", code="AML-CASH")
    alert = scan(cash_rule)[0]
    large = AMLReport.objects.get(alert=alert)
    case = workflows.apply(alert, "escalate", world["compliance"], "复核后升级").risk_case
    suspicious = workflow.raise_suspicious_report(case, "客户短期内多次存入大额现金，与其职业收入不符。")
    set_institution("示例证券股份有限公司", "91310000MA1FL0001X")
    return {"large": large, "suspicious": suspicious, "alert": alert, **world}


def set_institution(name: str, code: str) -> None:
    """The reporting institution Compliance keeps in AML Settings (an export refuses to file without it)."""
    from securities_crm.doctype.aml_settings.model import AMLSettings

    solo = AMLSettings.get_solo()
    solo.institution_name, solo.institution_code = name, code
    solo.save()


def _parse(body: bytes) -> ET.Element:
    assert body.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    return ET.fromstring(body)  # raises on anything not well-formed


def _audit(action, **filters):
    from securities_crm.doctype.audit_log.model import AuditLog

    return AuditLog.objects.filter(action=action, **filters)


def test_large_value_report_xml(reports):
    from securities_crm.doctype.aml_report import export
    from securities_crm.doctype.audit_log import audit

    report, person, compliance = reports["large"], reports["person"], reports["compliance"]
    root = _parse(export.export_xml([report], compliance))
    assert root.tag == "{urn:securities-crm:aml-report:1}AMLReport"
    header = root.find("r:Header", NS)
    assert header.findtext("r:ReportId", namespaces=NS) == report.name
    assert header.find("r:ReportType", NS).get("code") == "BH"
    assert header.findtext("r:ReportingInstitution/r:Name", namespaces=NS)
    assert header.find("r:ReportingInstitution/r:Branch", NS).get("code") == person.branch_id
    assert header.findtext("r:TransactionDate", namespaces=NS) == "2026-03-02"
    assert header.findtext("r:DueDate", namespaces=NS) == report.due_date.isoformat()

    client = root.find("r:Client", NS)
    assert client.get("id") == person.name and client.findtext("r:Name", namespaces=NS) == "张三"
    assert client.findtext("r:IdNumber", namespaces=NS) == person.id_number  # in full, for Compliance
    assert client.findtext("r:Mobile", namespaces=NS) == "13812340001"
    assert [a.get("number") for a in client.findall("r:Accounts/r:Account", NS)] == ["P0001", "P0002"]

    txs = root.find("r:Transactions", NS)
    assert txs.get("count") == "1" and txs.get("total") == "60000.00"  # the alert's evidence: the cash deposit
    tx = txs.find("r:Transaction", NS)
    assert tx.get("doctype") == "Fund Transfer"
    assert tx.findtext("r:Time", namespaces=NS) == "2026-03-02T10:00:00+08:00"
    assert (
        tx.findtext("r:Amount", namespaces=NS),
        tx.findtext("r:Currency", namespaces=NS),
        tx.findtext("r:Direction", namespaces=NS),
        tx.findtext("r:Kind", namespaces=NS),
        tx.findtext("r:CrossBorder", namespaces=NS),
    ) == ("60000.00", "CNY", "In", "Cash", "false")
    assert tx.find("r:Counterparty/r:Bank", NS) is not None
    assert root.find("r:Suspicion", NS) is None

    revealed = set(_audit(audit.READ, user="compliance_mon", channel="export").values_list("field_name", flat=True))
    assert revealed == {"id_number", "mobile"}  # the accounts have no bank account to reveal
    assert _audit(audit.EXPORT, user="compliance_mon", reference_name=report.name).count() == 1


def test_suspicious_report_xml_has_the_narrative_and_indicators(reports):
    from securities_crm.doctype.aml_report import export

    report = reports["suspicious"]
    root = _parse(export.export_xml([report], reports["compliance"]))
    assert root.find("r:Header/r:ReportType", NS).get("code") == "BS"
    assert root.findtext("r:Header/r:RiskCase", namespaces=NS) == report.risk_case_id
    suspicion = root.find("r:Suspicion", NS)
    assert suspicion.findtext("r:Narrative", namespaces=NS) == "客户短期内多次存入大额现金，与其职业收入不符。"
    indicator = suspicion.find("r:Indicators/r:Indicator", NS)
    assert indicator.get("alert") == reports["alert"].name and indicator.get("rule") == "AML-CASH"
    assert root.find("r:Transactions", NS).get("count") == "1"


def test_several_reports_make_one_file(reports):
    from securities_crm.doctype.aml_report import export

    root = _parse(export.export_xml([reports["large"], reports["suspicious"]], reports["compliance"]))
    assert root.tag == "{urn:securities-crm:aml-report:1}AMLReportFile" and root.get("count") == "2"
    assert [r.findtext("r:Header/r:ReportId", namespaces=NS) for r in root.findall("r:AMLReport", NS)] == [
        reports["large"].name,
        reports["suspicious"].name,
    ]


def test_only_compliance_may_export(reports, make_user, branch):
    from securities_crm.doctype.aml_report import export
    from securities_crm.doctype.audit_log import audit

    admin = make_user("sysman_mon", roles=["System Manager"], branch=branch)
    for user in (reports["risk"], reports["cm"], admin):
        with pytest.raises(PermissionDenied):
            export.export_xml([reports["large"]], user)
    assert not _audit(audit.EXPORT).exists() and not _audit(audit.READ, channel="export").exists()


def _desk(user):
    session = DjangoClient()
    session.force_login(user)
    return session


def test_desk_form_button_and_list_action(reports, make_user, branch):
    from securities_crm.doctype.audit_log import audit

    report = reports["large"]
    url = reverse("admin:securities_crm_amlreport_export_xml_detail", args=[report.pk])
    form = _desk(reports["compliance"]).get(reverse("admin:securities_crm_amlreport_change", args=[report.pk]))
    assert url in form.content.decode()  # the button is on the form

    response = _desk(reports["compliance"]).get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith("application/xml")
    assert f'filename="{report.name}.xml"' in response["Content-Disposition"]
    assert _parse(response.content).findtext("r:Header/r:ReportId", namespaces=NS) == report.name

    changelist = reverse("admin:securities_crm_amlreport_changelist")
    listed = _desk(reports["compliance"]).post(
        changelist, {"action": "export_xml", "_selected_action": [report.pk, reports["suspicious"].pk]}
    )
    assert listed.status_code == 200 and _parse(listed.content).get("count") == "2"
    assert _audit(audit.EXPORT, user="compliance_mon", channel="desk").count() == 3

    admin = make_user("sysman_desk", roles=["System Manager"], branch=branch)
    assert _desk(admin).get(url).status_code == 403  # sees the report, but filing is Compliance's
    form = _desk(admin).get(reverse("admin:securities_crm_amlreport_change", args=[report.pk]))
    assert form.status_code == 200 and url not in form.content.decode()
    refused = _desk(admin).post(changelist, {"action": "export_xml", "_selected_action": [report.pk]})
    assert not refused.content.startswith(b"<?xml")
    assert not _audit(audit.EXPORT, user="sysman_desk").exists()


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_desk_form_offers_the_export_in_chromium(page, live_server, reports):
    """The AML Report form in Chinese with its export button, which downloads the XML. Leaves
    tests/artifacts/aml_report_form.png for a person to look at."""
    from pathlib import Path

    report = reports["large"]
    session = _desk(reports["compliance"])
    page.context.add_cookies(
        [{"name": "sessionid", "value": session.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/app/securities_crm/amlreport/{report.pk}/change/")
    button = page.locator(f'a[href$="/{report.pk}/export-xml/"]').first
    button.wait_for()
    evidence = page.locator(".crm-evidence a").first  # the rows the report rests on, as links
    assert evidence.get_attribute("href").startswith("/app/securities_crm/")
    artifacts = Path(__file__).resolve().parents[1] / "artifacts"
    artifacts.mkdir(exist_ok=True)
    page.screenshot(path=str(artifacts / "aml_report_form.png"), full_page=True)
    with page.expect_download() as download:
        button.click()
    assert download.value.suggested_filename == f"{report.name}.xml"
    root = _parse(Path(download.value.path()).read_bytes())
    assert root.findtext("r:Header/r:ReportId", namespaces=NS) == report.name
