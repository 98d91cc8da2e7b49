"""AML Reports as XML, for filing: a structure modelled on the PBOC large-value and suspicious transaction
report layout (中国反洗钱监测分析中心 报文), with readable element names. It is not the certified message
format; each element notes the PBOC data element it stands for:

    AMLReport                   one report (a file of several: AMLReportFile)
      Header                    报告信息
        ReportId                报告编号 (our AML Report name)
        ReportType code=BH|BS   大额交易报告 (BH) / 可疑交易报告 (BS)
        Status                  Draft, Submitted, Cancelled
        ReportingInstitution    报告机构 RINM / RICD, and the client's branch (网点 FIRC)
        ReportDate              报送日期 (the day of the export)
        TransactionDate         大额交易发生日期 (large-value reports)
        DueDate                 the filing deadline (5 working days)
        Alert, RiskCase         where the report came from
      Client                    客户身份信息 CTIF
        Name CTNM, ClientType, IdType CITP, IdNumber CTID, Nationality CTNT, Mobile, Address, Occupation,
        Accounts/Account        交易账户 with its designated bank
      Transactions              交易信息 TSDT, each: time TSTM, amount CRAT, currency CRTP, direction
                                CRDR (In: 收, Out: 付), counterparty TCNM / bank TCAT, cross-border flag
      OtherEvidence             the alert's evidence that is not a money movement (orders, logins, holdings)
      Suspicion                 可疑交易 (suspicious reports only): Narrative SSDS, Indicators STCR

Only Compliance may export (`may_export`); the client's identity is decrypted through
security.masking.present, which writes an Audit Log row for every full value, and every export
writes an Export row. Built with the standard library's ElementTree (lxml is not installed).
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _t

from ...core import registry
from ...permissions.roles import COMPLIANCE_OFFICER, user_roles
from ...security import masking
from ..aml_settings.model import AMLSettings, code_problem
from ..audit_log import audit

NAMESPACE = "urn:securities-crm:aml-report:1"
REPORT_CODES = {"Large Value": "BH", "Suspicious": "BS"}
MONEY_DOCTYPES = ("Fund Transfer", "Trade")


def may_export(user) -> bool:
    """Only Compliance Officers file AML reports (and so see the client's identity in full)."""
    return bool(user and user.is_active and user.is_authenticated and COMPLIANCE_OFFICER in user_roles(user))


def check_export(user) -> None:
    if not may_export(user):
        raise PermissionDenied(_t("Only a Compliance Officer may export AML reports."))


def institution() -> tuple[str, str]:
    """The reporting institution's name and code, from AML Settings (which Compliance keeps in the desk)."""
    solo = AMLSettings.get_solo()
    return solo.institution_name or "Securities CRM", (solo.institution_code or "").strip().upper()


def check_institution() -> None:
    """Refuse to file without a valid institution code: a report that names no sender is rejected anyway."""
    problem = code_problem(institution()[1])
    if problem:
        raise ValidationError({"institution_code": problem})


def _text(parent, tag: str, value, **attrs) -> ET.Element:
    el = ET.SubElement(parent, tag, {k: str(v) for k, v in attrs.items() if v not in (None, "")})
    if value not in (None, ""):
        el.text = _value(value)
    return el


def _value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="seconds")
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)


def _evidence_rows(report) -> tuple[list, list]:
    """(money movements, other evidence items) of the report's evidence, loaded in one query per DocType."""
    wanted: dict[str, list] = {}
    for item in report.evidence or []:
        if isinstance(item, dict) and item.get("doctype") and item.get("name") not in (None, ""):
            wanted.setdefault(item["doctype"], []).append(item["name"])
    moves, others = [], []
    for doctype, names in wanted.items():
        if doctype not in MONEY_DOCTYPES:
            others += [(doctype, n) for n in names]
            continue
        model = registry.get(doctype).model
        ids = [int(n) for n in names if str(n).isdigit()]
        rows = model.objects.filter(pk__in=ids).select_related("account")
        if doctype == "Trade":
            rows = rows.select_related("instrument")
        moves += [(doctype, row) for row in rows]
    moves.sort(key=lambda m: (m[1].transfer_time if m[0] == "Fund Transfer" else m[1].trade_time, m[1].pk))
    return moves, others


def _transaction(parent, doctype: str, row) -> None:
    tx = ET.SubElement(parent, "Transaction", {"doctype": doctype, "name": str(row.pk)})
    _text(tx, "ExternalId", row.external_id, source=row.source)
    _text(tx, "Account", row.account_id)
    if doctype == "Fund Transfer":
        _text(tx, "Time", row.transfer_time)
        _text(tx, "Kind", "Cash" if row.is_cash else "Transfer")
        _text(tx, "Amount", row.amount)
        _text(tx, "Currency", row.currency)
        _text(tx, "Direction", row.direction)
        party = ET.SubElement(tx, "Counterparty")
        _text(party, "Bank", row.counterparty_bank)
        _text(tx, "CrossBorder", row.cross_border)
    else:  # a trade moves money against the exchange: a buy pays out, a sell takes in
        _text(tx, "Time", row.trade_time)
        _text(tx, "Kind", "Trade")
        _text(tx, "Amount", row.amount)
        _text(tx, "Currency", "CNY")
        _text(tx, "Direction", "Out" if row.side == "Buy" else "In")
        party = ET.SubElement(tx, "Counterparty")
        _text(party, "Name", row.instrument.market if row.instrument_id else "")
        _text(party, "Instrument", row.instrument_id)
        _text(tx, "CrossBorder", False)


def report_element(report, user, request=None) -> ET.Element:
    """One report as an <AMLReport> element. Decrypted identity fields are audited (channel "export")."""
    client = report.client
    root = ET.Element("AMLReport", {"xmlns": NAMESPACE, "version": "1"})
    header = ET.SubElement(root, "Header")
    _text(header, "ReportId", report.name)
    _text(
        header,
        "ReportType",
        report.get_report_type_display(),
        code=REPORT_CODES.get(report.report_type, ""),
        type=report.report_type,
    )
    _text(header, "Status", ("Draft", "Submitted", "Cancelled")[report.docstatus])
    name, code = institution()
    inst = ET.SubElement(header, "ReportingInstitution")
    _text(inst, "Name", name)
    _text(inst, "Code", code)
    if client.branch_id:
        _text(inst, "Branch", client.branch.branch_name, code=client.branch_id)
    _text(header, "ReportDate", timezone.localdate().isoformat())
    _text(header, "TransactionDate", report.transaction_date.isoformat() if report.transaction_date else "")
    _text(header, "DueDate", report.due_date.isoformat() if report.due_date else "")
    _text(header, "Amount", report.amount, currency=report.currency)
    _text(header, "Alert", report.alert_id)
    _text(header, "RiskCase", report.risk_case_id)
    _text(header, "GeneratedAt", timezone.now())
    _text(header, "GeneratedBy", user.get_username())

    person = ET.SubElement(root, "Client", {"id": client.name})
    _text(person, "Name", client.client_name)
    _text(person, "ClientType", client.client_type)
    _text(person, "IdType", client.id_type)
    _text(person, "IdNumber", masking.present(user, client, "id_number", "export", request))
    _text(person, "Nationality", client.nationality)
    _text(person, "Mobile", masking.present(user, client, "mobile", "export", request))
    _text(person, "Address", client.address)
    _text(person, "Occupation", client.occupation)
    accounts = ET.SubElement(person, "Accounts")
    for account in client.accounts.order_by("account_number"):
        el = _text(
            accounts, "Account", None, number=account.account_number, type=account.account_type, status=account.status
        )
        _text(el, "DesignatedBank", account.bank_name)
        _text(el, "BankAccount", masking.present(user, account, "bank_account", "export", request))

    moves, others = _evidence_rows(report)
    total = sum((row.amount for _, row in moves), Decimal(0))
    txs = ET.SubElement(root, "Transactions", {"count": str(len(moves)), "total": f"{total:.2f}"})
    for doctype, row in moves:
        _transaction(txs, doctype, row)
    if others:
        other = ET.SubElement(root, "OtherEvidence")
        for doctype, item in others:
            ET.SubElement(other, "Item", {"doctype": str(doctype), "name": str(item)})
    if report.report_type == "Suspicious":
        suspicion = ET.SubElement(root, "Suspicion")
        _text(suspicion, "Narrative", report.narrative)
        indicators = ET.SubElement(suspicion, "Indicators")
        alerts = report.risk_case.alerts.select_related("rule").order_by("creation") if report.risk_case_id else []
        for alert in alerts:
            _text(indicators, "Indicator", alert.summary, alert=alert.name, rule=alert.rule.code, kind=alert.kind)
    return root


def export_xml(reports, user, request=None, channel: str = "api") -> bytes:
    """The reports as one XML file (UTF-8): a single <AMLReport>, or an <AMLReportFile> of several.
    Refused unless the user is Compliance; writes an Export audit row per report."""
    check_export(user)
    check_institution()
    reports = list(reports)
    elements = [report_element(r, user, request) for r in reports]
    if len(elements) == 1:
        root = elements[0]
    else:
        root = ET.Element("AMLReportFile", {"xmlns": NAMESPACE, "version": "1", "count": str(len(elements))})
        for el in elements:
            del el.attrib["xmlns"]
            root.append(el)
    _audit(reports, user, request, channel, "XML")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def export_json(reports, user, request=None, channel: str = "api") -> bytes:
    """The reports as a JSON list (each report's `export()`), with the same check and audit as XML."""
    check_export(user)
    reports = list(reports)
    _audit(reports, user, request, channel, "JSON")
    return json.dumps([r.export() for r in reports], ensure_ascii=False, indent=2).encode("utf-8")


def _audit(reports, user, request, channel: str, detail: str) -> None:
    for r in reports:
        audit.log(
            audit.EXPORT, user=user, doctype="AML Report", name=r.name, channel=channel, detail=detail, request=request
        )


def filename(reports) -> str:
    reports = list(reports)
    return f"{reports[0].name}.xml" if len(reports) == 1 else "aml_reports.xml"
