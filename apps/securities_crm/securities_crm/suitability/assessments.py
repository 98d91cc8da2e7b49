"""Assessments and the client: which assessment is current, and what it says for matching."""

from __future__ import annotations

from ..core.document import DocStatus
from ..doctype.risk_assessment.model import RiskAssessment
from . import questionnaires
from .matching import ClientFacts


def current_assessment(client):
    """The client's newest submitted assessment (valid or expired), or None."""
    return (
        RiskAssessment.objects.filter(client=client, docstatus=DocStatus.SUBMITTED)
        .order_by("-confirmed_at", "-creation")
        .first()
    )


def score(assessment) -> None:
    """before_submit of a Risk Assessment (hooks.py): score the answers on its questionnaire version."""
    result = questionnaires.score(assessment.questionnaire, assessment.answers)
    assessment.score, assessment.risk_level = result.score, result.risk_level
    assessment.lowest_category, assessment.horizon = result.lowest_category, result.horizon
    assessment.varieties, assessment.answer_details = result.varieties, result.details


def follow(assessment) -> None:
    """on_submit and on_cancel of a Risk Assessment (hooks.py): the client's classification follows."""
    apply_to_client(assessment.client)


def apply_to_client(client) -> None:
    """Copy the newest assessment's level, lowest-category flag and validity onto the client.

    With no submitted assessment left (all cancelled), the client has no risk level.
    """
    latest = current_assessment(client)
    client.refresh_from_db(fields=["risk_level", "lowest_category", "risk_valid_until"])
    wanted = (latest.risk_level, latest.lowest_category, latest.valid_until) if latest else ("", False, None)
    if (client.risk_level, client.lowest_category, client.risk_valid_until) == wanted:
        return
    client.risk_level, client.lowest_category, client.risk_valid_until = wanted
    client.save()


def client_facts(client) -> ClientFacts:
    """What matching needs to know about a client, from the client and their newest assessment."""
    latest = current_assessment(client)
    facts = ClientFacts(investor_type=client.investor_type)
    if latest is not None:
        facts.risk_level, facts.lowest_category = latest.risk_level, latest.lowest_category
        facts.valid_until, facts.horizon = latest.valid_until, latest.horizon
        facts.varieties, facts.assessment = list(latest.varieties or []), latest.name
    return facts
