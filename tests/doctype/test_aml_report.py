"""AML Report: large-value drafts due in 5 working days (weekends and Holiday records skipped),
suspicious reports raised from a case with a narrative and the evidence, submission and the
structured export."""

import datetime as dt
import json
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from securities_crm.core import workflow as workflows
from securities_crm.doctype.aml_report.model import AMLReport
from securities_crm.doctype.holiday.model import Holiday
from securities_crm.doctype.risk_alert.model import RiskAlert
from securities_crm.monitoring import engine, workflow

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from monitoring.conftest import feed, make_rule, transfer, world  # noqa: E402,F401

pytestmark = pytest.mark.django_db


def test_working_days_skip_weekends_and_holidays():
    wed = dt.date(2026, 9, 30)
    assert workflow.add_working_days(wed, 5) == dt.date(2026, 10, 7)  # Thu, Fri, Mon, Tue, Wed
    for day in range(1, 8):
        Holiday(holiday_date=dt.date(2026, 10, day), description="国庆节").save()
    assert workflow.add_working_days(wed, 5) == dt.date(2026, 10, 14)


def test_large_value_alerts_draft_a_report_due_in_five_working_days(world):  # noqa: F811
    from django.utils import timezone

    make_rule("large_transfer")
    feed("fund_transfers", [transfer(2000000, "2026-03-03 10:00:00", account="E0001")])
    engine.evaluate()
    alert = RiskAlert.objects.get()
    report = alert.aml_report
    assert report.report_type == "Large Value" and report.docstatus == 0 and report.client == world["firm"]
    assert report.amount == 2000000 and report.transaction_date == dt.date(2026, 3, 3)
    assert report.due_date == workflow.add_working_days(timezone.localdate(alert.creation), 5)
    assert report.evidence == alert.evidence
    report.submit()
    exported = json.loads(report.export_json())
    assert exported["type"] == "Large Value" and exported["status"] == "Submitted"
    assert exported["client"]["id"] == world["firm"].pk and exported["evidence"][0]["doctype"] == "Fund Transfer"
    engine.evaluate()
    assert AMLReport.objects.count() == 1  # a re-scan drafts nothing new


def test_suspicious_reports_come_from_a_case_with_a_narrative(world):  # noqa: F811
    make_rule("structuring", min_count=3)
    feed("fund_transfers", [transfer(49000, f"2026-03-0{d} 10:00:00", is_cash="1") for d in (2, 3, 4)])
    engine.evaluate()
    alert = RiskAlert.objects.get()
    with pytest.raises(ValidationError) as err:
        AMLReport(report_type="Suspicious", client=world["person"], narrative="x").save()
    assert "risk_case" in err.value.message_dict
    workflows.apply(alert, "escalate", world["compliance"], "Three cash deposits just under the line")
    case = alert.risk_case
    with pytest.raises(ValidationError) as err:
        AMLReport(report_type="Suspicious", client=world["person"], risk_case=case, narrative=" ").save()
    assert "narrative" in err.value.message_dict
    report = workflow.raise_suspicious_report(case, "Cash split to stay under ¥50,000 on three days.")
    case.refresh_from_db()
    assert case.status == "Reported" and len(report.evidence) == 3 and report.due_date
    assert report.export()["narrative"].startswith("Cash split")
