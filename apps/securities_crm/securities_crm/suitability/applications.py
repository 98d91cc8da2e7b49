"""Professional Investor Applications against the thresholds in professional.py."""

from __future__ import annotations

from ..doctype.client.model import ClientType
from ..doctype.professional_investor_application.model import ApplicationType
from . import professional


def evidence(application) -> professional.Evidence:
    return professional.Evidence(
        entity=application.client.client_type == ClientType.INSTITUTION,
        financial_assets=application.financial_assets,
        average_income=application.average_income,
        net_assets=application.net_assets,
        investment_years=application.investment_years,
    )


def check_criteria(application) -> None:
    """validate of a Professional Investor Application (hooks.py): are the thresholds met, and which are not?
    A return to ordinary status has no thresholds."""
    if not application.client_id:
        return
    if application.application_type == ApplicationType.REVERT:
        application.criteria_met, application.criteria_report = True, ""
        return
    missing = professional.failures(application.application_type, evidence(application))
    application.criteria_met, application.criteria_report = not missing, "\n".join(missing)
