"""Scoring a risk questionnaire: answers -> score, level C1–C5, lowest category, horizon, varieties.

Pure functions over plain data (`Questionnaire`), so the rules are tested without a database and
the Risk Assessment DocType, the desk form and the API all score the same way.

- Each question is answered with one option code, or a list of them when it allows several
  (then the question scores its highest chosen option).
- Mandatory questions must be answered; unknown questions or options are an error.
- The score falls in exactly one band, which gives the level.
- An option may force the lowest category (no capacity to bear any loss, no full civil capacity):
  the level is then C1 and `lowest_category` is set, whatever the score.
- Options may carry the horizon and the varieties they express (the horizon and variety questions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..doctype.shared.suitability import HORIZON_ORDER
from .matching import LEVELS


@dataclass
class Option:
    question: str
    code: str
    score: int
    text: str = ""
    forces_lowest: bool = False
    horizon: str = ""
    variety: str = ""


@dataclass
class Question:
    code: str
    text: str = ""
    mandatory: bool = True
    multiple: bool = False
    options: dict[str, Option] = field(default_factory=dict)


@dataclass
class Band:
    min_score: int
    max_score: int
    risk_level: str


@dataclass
class Questionnaire:
    questions: dict[str, Question]
    bands: list[Band]

    @classmethod
    def build(cls, questions, options, bands) -> Questionnaire:
        qs = {q.code: q for q in questions}
        for o in options:
            if o.question not in qs:
                raise ValidationError(
                    {
                        "options": _("Option %(option)s belongs to an unknown question %(question)s.")
                        % {"option": o.code, "question": o.question}
                    }
                )
            qs[o.question].options[o.code] = o
        return cls(qs, sorted(bands, key=lambda b: b.min_score))


@dataclass
class Scored:
    score: int
    risk_level: str
    lowest_category: bool
    horizon: str
    varieties: list[str]
    details: list[dict]  # one row per answered question: the texts and scores as shown


def check_structure(q: Questionnaire) -> None:
    """A questionnaire fit for use: options everywhere, and bands covering every reachable score once."""
    if not q.questions:
        raise ValidationError({"questions": _("The questionnaire has no questions.")})
    for question in q.questions.values():
        if not question.options:
            raise ValidationError({"options": _("Question %(code)s has no options.") % {"code": question.code}})
    if not q.bands:
        raise ValidationError({"bands": _("The questionnaire has no score bands.")})
    for band in q.bands:
        if band.risk_level not in LEVELS:
            raise ValidationError(
                {"bands": _("Unknown risk level %(level)s in the score bands.") % {"level": band.risk_level}}
            )
        if band.max_score < band.min_score:
            raise ValidationError(
                {
                    "bands": _("The band %(level)s ends (%(max)s) before it starts (%(min)s).")
                    % {"level": band.risk_level, "min": band.min_score, "max": band.max_score}
                }
            )
    for before, after in zip(q.bands, q.bands[1:]):
        if after.min_score != before.max_score + 1:
            raise ValidationError(
                {
                    "bands": _(
                        "The score bands must follow each other without gap or overlap: "
                        "%(a)s ends at %(end)s, %(b)s starts at %(start)s."
                    )
                    % {"a": before.risk_level, "end": before.max_score, "b": after.risk_level, "start": after.min_score}
                }
            )
    low = sum(min(o.score for o in x.options.values()) for x in q.questions.values() if x.mandatory)
    high = sum(max(o.score for o in x.options.values()) for x in q.questions.values())
    if q.bands[0].min_score > low or q.bands[-1].max_score < high:
        raise ValidationError(
            {
                "bands": _("The score bands must cover every possible score, %(low)s to %(high)s.")
                % {"low": low, "high": high}
            }
        )


def normalise(q: Questionnaire, answers) -> dict[str, list[str]]:
    """The answers as {question: [option codes]}, or a ValidationError naming the `answers` field."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Answers must be an object of question code to option code.")})
    result = {}
    errors = []
    for code, given in answers.items():
        question = q.questions.get(str(code))
        if question is None:
            errors.append(_("Unknown question %(code)s.") % {"code": code})
            continue
        chosen = given if isinstance(given, (list, tuple)) else ([] if given in (None, "") else [given])
        chosen = [str(c) for c in chosen]
        if not chosen:
            continue
        if len(chosen) > 1 and not question.multiple:
            errors.append(_("Question %(code)s takes one answer.") % {"code": code})
            continue
        unknown = [c for c in chosen if c not in question.options]
        if unknown:
            errors.append(_("Question %(code)s has no option %(option)s.") % {"code": code, "option": unknown[0]})
            continue
        result[question.code] = list(dict.fromkeys(chosen))
    missing = [c for c, x in q.questions.items() if x.mandatory and c not in result]
    if missing:
        errors.append(_("Mandatory questions not answered: %(codes)s.") % {"codes": ", ".join(missing)})
    if errors:
        raise ValidationError({"answers": errors})
    return result


def band_for(bands: list[Band], score: int) -> str:
    for band in bands:
        if band.min_score <= score <= band.max_score:
            return band.risk_level
    raise ValidationError({"score": _("No score band covers the score %(score)s.") % {"score": score}})


def score(q: Questionnaire, answers) -> Scored:
    chosen = normalise(q, answers)
    total, lowest, horizons, varieties, details = 0, False, [], [], []
    for code, question in q.questions.items():
        if code not in chosen:
            continue
        options = [question.options[c] for c in chosen[code]]
        points = max(o.score for o in options)
        total += points
        lowest = lowest or any(o.forces_lowest for o in options)
        horizons += [o.horizon for o in options if o.horizon]
        varieties += [o.variety for o in options if o.variety and o.variety not in varieties]
        details.append(
            {
                "question": code,
                "text": question.text,
                "options": [o.code for o in options],
                "answers": [o.text for o in options],
                "score": points,
                "forces_lowest": any(o.forces_lowest for o in options),
            }
        )
    level = "C1" if lowest else band_for(q.bands, total)
    horizon = min(horizons, key=HORIZON_ORDER.index) if horizons else ""
    return Scored(total, level, lowest, horizon, varieties, details)
