"""Demo suitability data: the questionnaire, products of every rating, a few services, an assessment for
every client that has a risk level (answers that really give that level), and suitability records.

Scales with ctx.clients: rows are built in memory and written with bulk_create in chunks, names
reserved from the naming series a block at a time. Assessments agree with what the clients step
set on each client (level, lowest category, valid until). A second run only adds what is missing.
"""

from __future__ import annotations

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from ..core import naming
from ..core.document import DocStatus
from ..core.session import SYSTEM_USER
from ..doctype.client.model import Client
from ..doctype.product.model import Product
from ..doctype.risk_assessment.model import AssessmentStatus, RiskAssessment
from ..doctype.service_offering.model import ServiceOffering
from ..doctype.shared.suitability import Outcome
from ..doctype.suitability_record.model import RecordResult, SuitabilityRecord
from ..suitability import matching, questionnaires, scoring, service
from ..suitability.fixtures import load_products, load_questionnaire
from . import step

CHUNK = 2000
SERVICES = [
    ("SVC-MARGIN", "融资融券业务", "Margin Trading", "R4", "Short", "Derivatives"),
    ("SVC-OPTION", "股票期权交易", "Options Trading", "R5", "Short", "Derivatives"),
    ("SVC-STAR", "科创板交易权限", "STAR Market Access", "R4", "Medium", "Equity"),
    ("SVC-ADVICE", "投资顾问服务（稳健组合）", "Investment Advisory", "R3", "Medium", "Equity"),
]


def _stamp(rows, names):
    now = timezone.now()
    for row, name in zip(rows, names):
        row.name, row.creation, row.modified, row.owner, row.modified_by = name, now, now, SYSTEM_USER, SYSTEM_USER
    return rows


def _answers(rng, data: scoring.Questionnaire, target: int, lowest: bool) -> dict:
    """Answers worth `target` points, found greedily over the questions in a random order."""
    choice = {}
    for code, q in data.questions.items():
        options = sorted((o for o in q.options.values() if not o.forces_lowest), key=lambda o: o.score)
        if q.mandatory:
            choice[code] = options[0]
    remaining = target - sum(o.score for o in choice.values())
    codes = list(data.questions)
    rng.shuffle(codes)
    for code in codes:
        current = choice.get(code)
        base = current.score if current else 0
        fits = [
            o for o in data.questions[code].options.values() if not o.forces_lowest and 0 < o.score - base <= remaining
        ]
        if fits:
            best = max(fits, key=lambda o: (o.score, rng.random()))
            remaining -= best.score - base
            choice[code] = best
    answers = {code: o.code for code, o in choice.items()}
    for code, q in data.questions.items():
        if q.multiple:
            answers[code] = [answers[code]]
    if lowest:
        forcing = next(o for q in data.questions.values() for o in q.options.values() if o.forces_lowest)
        answers[forcing.question] = [forcing.code] if data.questions[forcing.question].multiple else forcing.code
    return answers


@step(30)
def suitability(ctx):
    questionnaire = load_questionnaire()
    load_products()
    for code, name, kind, rating, horizon, variety in SERVICES:
        if not ServiceOffering.objects.filter(pk=code).exists():
            ServiceOffering(
                service_code=code,
                service_name=name,
                service_type=kind,
                risk_rating=rating,
                horizon=horizon,
                variety=variety,
            ).save()
    data = questionnaires.structure(questionnaire)
    scoring.check_structure(data)
    low = sum(
        min(o.score for o in q.options.values() if not o.forces_lowest) for q in data.questions.values() if q.mandatory
    )
    offerings = list(Product.objects.all()) + list(ServiceOffering.objects.all())
    done = set(RiskAssessment.objects.values_list("client_id", flat=True))
    todo = list(
        Client.objects.exclude(risk_level="").exclude(pk__in=done)
        if len(done) < 50_000
        else Client.objects.exclude(risk_level="").exclude(risk_assessments__isnull=False)
    )
    if not todo:
        return
    todo = [
        (c.pk, c.risk_level, c.lowest_category, c.risk_valid_until, c.investor_type, c.client_manager_id) for c in todo
    ]
    rng = ctx.rng(f"suitability:{len(done)}")
    bar = ctx.progress(len(todo), "assessments")
    for start in range(0, len(todo), CHUNK):
        chunk = todo[start : start + CHUNK]
        with transaction.atomic():
            _make_chunk(rng, questionnaire, data, low, offerings, chunk)
        bar.update(len(chunk))
    bar.close()


def _make_chunk(rng, questionnaire, data, low, offerings, chunk):
    today = timezone.localdate()
    bands = {b.risk_level: b for b in data.bands}
    assessments, records = [], []
    names = naming.make_names("RA-.YYYY.-.######", len(chunk))
    for (client_id, level, lowest, valid_until, investor_type, manager_id), name in zip(chunk, names):
        band = bands[level]
        target = rng.randint(max(band.min_score, low), band.max_score)
        answers = _answers(rng, data, target, lowest)
        result = scoring.score(data, answers)
        valid_until = valid_until or today + dt.timedelta(days=rng.randrange(30, 700))
        confirmed = timezone.make_aware(
            dt.datetime.combine(
                valid_until - relativedelta(months=questionnaire.validity_months), dt.time(10, rng.randrange(60))
            )
        )
        assessments.append(
            RiskAssessment(
                client_id=client_id,
                questionnaire=questionnaire,
                answers=answers,
                answer_details=result.details,
                score=result.score,
                risk_level=result.risk_level,
                lowest_category=result.lowest_category,
                horizon=result.horizon,
                varieties=result.varieties,
                valid_until=valid_until,
                status=AssessmentStatus.VALID if valid_until >= today else AssessmentStatus.EXPIRED,
                channel=rng.choice(("Desk", "Branch", "Portal", "App")),
                confirmed_at=confirmed,
                confirmed_by_id=manager_id,
                confirmed_ip=None if manager_id else "10.8.0.1",
                docstatus=DocStatus.SUBMITTED,
            )
        )
        if valid_until < today or not manager_id or rng.random() > 0.25:
            continue
        facts = matching.ClientFacts(
            investor_type,
            result.risk_level,
            result.lowest_category,
            valid_until,
            result.horizon,
            result.varieties,
            name,
        )
        for offering in rng.sample(offerings, 2):
            check = matching.check(facts, service.offering_facts(offering), today)
            if check.result == Outcome.BLOCKED:
                continue
            mismatch = check.result == Outcome.MISMATCH_CONFIRMABLE
            when = timezone.now() - dt.timedelta(hours=rng.randrange(1, 24 * 180))
            records.append(
                SuitabilityRecord(
                    client_id=client_id,
                    assessment_id=name,
                    product=offering if isinstance(offering, Product) else None,
                    service_offering=offering if isinstance(offering, ServiceOffering) else None,
                    investor_type=investor_type,
                    client_risk_level=result.risk_level,
                    lowest_category=result.lowest_category,
                    product_risk_rating=offering.risk_rating,
                    risk_result=check.risk,
                    horizon_result=check.horizon,
                    variety_result=check.variety,
                    result=RecordResult.MISMATCH_CONFIRMED if mismatch else RecordResult.MATCH,
                    reasons=[r.as_dict() for r in check.reasons],
                    warning_text=check.warning_text,
                    confirmed_by_id=manager_id,
                    confirmed_at=when,
                    channel=rng.choice(("Desk", "Branch", "App")),
                    follow_up_due=timezone.localtime(when).date() + dt.timedelta(days=7) if mismatch else None,
                )
            )
    bulk_create_with_history(_stamp(assessments, names), RiskAssessment, batch_size=500, default_user=None)
    SuitabilityRecord.objects.bulk_create(
        _stamp(records, naming.make_names("SR-.YYYY.-.########", len(records)) if records else []), batch_size=1000
    )
