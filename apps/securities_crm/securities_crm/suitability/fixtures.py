"""Load the questionnaire fixture (fixtures/questionnaire.json) and the demo products, idempotently."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

from django.db import transaction

from ..doctype.product.model import Product
from ..doctype.risk_questionnaire.model import RiskQuestionnaire
from ..doctype.risk_questionnaire_band.model import RiskQuestionnaireBand
from ..doctype.risk_questionnaire_option.model import RiskQuestionnaireOption
from ..doctype.risk_questionnaire_question.model import RiskQuestionnaireQuestion
from . import questionnaires

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def load_questionnaire(path: Path | None = None, activate: bool = True):
    """Create the questionnaire version in the file unless it exists; make it active. Returns it."""
    data = json.loads((path or FIXTURES / "questionnaire.json").read_text(encoding="utf-8"))
    with transaction.atomic():
        existing = RiskQuestionnaire.objects.filter(version=data["version"]).first()
        if existing is not None:
            if activate and not existing.is_active:
                questionnaires.activate(existing)
            return existing
        q = RiskQuestionnaire(
            version=data["version"],
            title_zh=data["title_zh"],
            title_en=data.get("title_en", ""),
            validity_months=data.get("validity_months", 24),
        )
        q.save()
        questions, options, bands = [], [], []
        for i, row in enumerate(data["questions"], start=1):
            questions.append(
                RiskQuestionnaireQuestion(
                    questionnaire=q,
                    idx=i,
                    code=row["code"],
                    topic=row.get("topic", "Other"),
                    text_zh=row["text_zh"],
                    text_en=row.get("text_en", ""),
                    mandatory=row.get("mandatory", True),
                    multiple=row.get("multiple", False),
                )
            )
            for j, opt in enumerate(row["options"], start=1):
                options.append(
                    RiskQuestionnaireOption(
                        questionnaire=q,
                        idx=j,
                        question_code=row["code"],
                        code=opt["code"],
                        text_zh=opt["text_zh"],
                        text_en=opt.get("text_en", ""),
                        score=opt["score"],
                        forces_lowest=opt.get("forces_lowest", False),
                        horizon=opt.get("horizon", ""),
                        variety=opt.get("variety", ""),
                    )
                )
        for i, band in enumerate(data["bands"], start=1):
            bands.append(RiskQuestionnaireBand(questionnaire=q, idx=i, **band))
        # One INSERT per table: the rows are checked as a whole by activate() below.
        for model, rows in (
            (RiskQuestionnaireQuestion, questions),
            (RiskQuestionnaireOption, options),
            (RiskQuestionnaireBand, bands),
        ):
            for row in rows:
                row.full_clean(exclude=["name", "questionnaire"], validate_unique=False, validate_constraints=False)
                row.name, row.creation, row.modified = secrets.token_hex(5), q.creation, q.modified
                row.owner = row.modified_by = q.owner
            model.objects.bulk_create(rows)
        if activate:
            questionnaires.activate(q)
    return q


def load_products(path: Path | None = None) -> int:
    """Create the products in fixtures/products.json that do not exist yet; returns how many were made."""
    rows = json.loads((path or FIXTURES / "products.json").read_text(encoding="utf-8"))["products"]
    existing = set(Product.objects.values_list("product_code", flat=True))
    made = 0
    with transaction.atomic():
        for row in rows:
            if row["product_code"] not in existing:
                Product(**row).save()
                made += 1
    return made
