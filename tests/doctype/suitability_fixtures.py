"""Shared helpers for the suitability tests: the fixture questionnaire, answers that reach a
given score (found from the questionnaire's own options, independently of the scorer), products."""

import datetime as dt

import pytest


@pytest.fixture
def questionnaire(db):
    from securities_crm.suitability.fixtures import load_questionnaire

    return load_questionnaire()


def answers_for_score(questionnaire, target: int) -> dict:
    """Answers worth exactly `target` points, never choosing an answer that forces the lowest category."""
    questions = list(questionnaire.question_rows.order_by("idx"))
    options = {}
    for o in questionnaire.option_rows.filter(forces_lowest=False):
        options.setdefault(o.question_code, []).append((o.score, o.code))
    chosen = {q.code: min(options[q.code]) for q in questions if q.mandatory}
    remaining = target - sum(score for score, _ in chosen.values())
    assert remaining >= 0, f"{target} is below the lowest reachable score"
    for q in questions:
        current = chosen.get(q.code, (0, None))
        best = max((o for o in options[q.code] if o[0] - current[0] <= remaining), default=current)
        if best[0] > current[0]:
            remaining -= best[0] - current[0]
            chosen[q.code] = best
    assert remaining == 0, f"no answers make {target}"
    return {code: option for code, (score, option) in chosen.items()}


def take_assessment(client, answers, submit=True, confirmed_at=None, **fields):
    from django.utils import timezone

    from securities_crm.core.session import acting_as
    from securities_crm.doctype.risk_assessment.model import RiskAssessment

    ra = RiskAssessment(
        client=client, answers=answers, confirmed_ip="10.0.0.8", confirmed_at=confirmed_at or timezone.now(), **fields
    )
    with acting_as("Administrator"):
        if submit:
            ra.submit()
        else:
            ra.save()
    return ra


def long_ago(months: int):
    from django.utils import timezone

    return timezone.now() - dt.timedelta(days=31 * months)


def make_product(code="P1", rating="R3", horizon="Medium", variety="Equity", professional_only=False, **fields):
    from securities_crm.doctype.product.model import Product

    p = Product(
        product_code=code,
        product_name=f"产品{code}",
        risk_rating=rating,
        horizon=horizon,
        variety=variety,
        professional_only=professional_only,
        **fields,
    )
    p.save()
    return p
