"""A Risk Questionnaire version as the scoring rules read it, and the moves that need those rules:
scoring a set of answers, and activating a version only when it is complete."""

from __future__ import annotations

from . import scoring


def structure(questionnaire) -> scoring.Questionnaire:
    """The version's questions, options and bands as scoring.py's plain data."""
    questions = [scoring.Question(q.code, q.text, q.mandatory, q.multiple) for q in questionnaire.question_rows.all()]
    options = [
        scoring.Option(o.question_code, o.code, o.score, o.text, o.forces_lowest, o.horizon, o.variety)
        for o in questionnaire.option_rows.all()
    ]
    bands = [scoring.Band(b.min_score, b.max_score, b.risk_level) for b in questionnaire.band_rows.all()]
    return scoring.Questionnaire.build(questions, options, bands)


def score(questionnaire, answers) -> scoring.Scored:
    data = structure(questionnaire)
    scoring.check_structure(data)
    return scoring.score(data, answers)


def activate(questionnaire) -> None:
    """Check the version is complete (options, bands covering every score), then make it the active one."""
    scoring.check_structure(structure(questionnaire))
    questionnaire.is_active = True
    questionnaire.save()
