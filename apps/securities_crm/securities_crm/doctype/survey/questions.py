"""A survey's questions as data, and the answers they accept: checked here, in one place, for every route.

A question is a dict:

    {"key": "recommend", "type": "NPS", "label_zh": "…", "label_en": "…", "required": true,
     "options": [{"value": "app", "label_zh": "…", "label_en": "…"}],     # Single/Multiple Choice
     "max": 5,                                                           # Rating (1..max)
     "show_if": {"question": "recommend", "in": [0, 1, 2, 3, 4, 5, 6]}}  # skip logic

Skip logic looks back only: a question is shown when the answer to an earlier question is in the set
(for a multiple choice, when any chosen value is). Answers to questions not shown are dropped.
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

NPS, CSAT, CES = "NPS", "CSAT", "CES"
SINGLE, MULTIPLE, RATING, TEXT = "Single Choice", "Multiple Choice", "Rating", "Free Text"
SCALES = {NPS: (0, 10), CSAT: (1, 5), CES: (1, 7)}
TYPES = {
    NPS: gettext_lazy("NPS (0–10)"),
    CSAT: gettext_lazy("CSAT (1–5)"),
    CES: gettext_lazy("CES (1–7)"),
    SINGLE: gettext_lazy("Single choice"),
    MULTIPLE: gettext_lazy("Multiple choice"),
    RATING: gettext_lazy("Rating"),
    TEXT: gettext_lazy("Free text"),
}
CHOICES = (SINGLE, MULTIPLE)
KEY = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TEXT_MAX = 2000
RATING_MAX = (2, 10)


def label(item: dict, lang: str | None = None) -> str:
    """A question's or option's label in the reader's language (zh-hans first, English otherwise)."""
    lang = lang or get_language() or "zh-hans"
    zh, en = item.get("label_zh") or "", item.get("label_en") or ""
    return (zh or en) if lang.lower().startswith("zh") else (en or zh)


def scale(question: dict) -> tuple[int, int] | None:
    if question.get("type") == RATING:
        return 1, int(question.get("max") or 5)
    return SCALES.get(question.get("type", ""))


def _named(question: dict, index: int) -> str:
    return str(question.get("key") or f"#{index + 1}") if isinstance(question, dict) else f"#{index + 1}"


def check_questions(questions: Any) -> list[dict]:
    """The questions, checked; a ValidationError on `questions` naming the first wrong one."""
    if not isinstance(questions, list) or not questions:
        raise ValidationError({"questions": _("A survey needs at least one question.")})
    seen: dict[str, dict] = {}
    for index, q in enumerate(questions):
        name = _named(q, index)

        def bad(reason: str, name=name) -> ValidationError:
            return ValidationError({"questions": _("Question %(q)s: %(reason)s") % {"q": name, "reason": reason}})

        if not isinstance(q, dict):
            raise bad(_("each question is an object with a key, a type and labels."))
        key = q.get("key")
        if not isinstance(key, str) or not KEY.match(key):
            raise bad(_("the key is lower-case letters, digits and underscores, starting with a letter."))
        if key in seen:
            raise bad(_("another question has the same key."))
        if q.get("type") not in TYPES:
            raise bad(_("the type must be one of %(types)s.") % {"types": ", ".join(TYPES)})
        if not str(q.get("label_zh") or "").strip() or not str(q.get("label_en") or "").strip():
            raise bad(_("give the question in Chinese and in English."))
        if not isinstance(q.get("required", False), bool):
            raise bad(_("“required” is true or false."))
        if q["type"] in CHOICES:
            options = q.get("options")
            if not isinstance(options, list) or len(options) < 2:
                raise bad(_("a choice question needs at least two options."))
            values = [o.get("value") if isinstance(o, dict) else None for o in options]
            if any(not isinstance(v, str) or not v for v in values) or len(set(values)) != len(values):
                raise bad(_("each option needs its own value."))
            if any(
                not str(o.get("label_zh") or "").strip() or not str(o.get("label_en") or "").strip() for o in options
            ):
                raise bad(_("give each option in Chinese and in English."))
        if q["type"] == RATING:
            top = q.get("max", 5)
            if isinstance(top, bool) or not isinstance(top, int) or not RATING_MAX[0] <= top <= RATING_MAX[1]:
                raise bad(_("a rating goes from 1 to a maximum between %(a)d and %(b)d.") % dict(zip("ab", RATING_MAX)))
        cond = q.get("show_if")
        if cond is not None:
            if not isinstance(cond, dict) or cond.get("question") not in seen:
                raise bad(_("skip logic may only depend on an earlier question."))
            wanted = cond.get("in")
            if not isinstance(wanted, list) or not wanted:
                raise bad(_("skip logic needs the answers that show this question."))
            before = seen[cond["question"]]
            if before["type"] == TEXT:
                raise bad(_("skip logic cannot depend on a free-text answer."))
            for value in wanted:
                try:
                    _value(before, value)
                except ValueError:
                    raise bad(
                        _("“%(value)s” is not an answer to %(q)s.") % {"value": value, "q": before["key"]}
                    ) from None
        seen[key] = q
    return questions


def _value(question: dict, value: Any) -> Any:
    """One answer's value, normalised, or ValueError when the question does not accept it."""
    kind = question["type"]
    bounds = scale(question)
    if bounds is not None:
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise ValueError
        number = int(str(value).strip())  # "7" from a form, 7 from JSON
        if not bounds[0] <= number <= bounds[1]:
            raise ValueError
        return number
    options = [o["value"] for o in question.get("options") or []]
    if kind == SINGLE:
        if value not in options:
            raise ValueError
        return value
    if kind == MULTIPLE:
        chosen = [value] if isinstance(value, str) else value
        if not isinstance(chosen, list) or any(v not in options for v in chosen):
            raise ValueError
        return [v for v in options if v in chosen]  # in the survey's order, once each
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        raise ValueError
    return str(value)


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or (isinstance(value, str) and not value.strip())


def shown(question: dict, answers: dict) -> bool:
    cond = question.get("show_if")
    if not cond:
        return True
    given = answers.get(cond["question"])
    if given is None:
        return False
    given = given if isinstance(given, list) else [given]
    wanted = {str(v) for v in cond["in"]}
    return any(str(v) in wanted for v in given)


def check_answers(questions: list[dict], answers: Any) -> dict:
    """The answers, normalised; a ValidationError on `answers` naming the first question they fail.

    Required questions must be answered when they are shown; answers to hidden or unknown questions
    are dropped, so that what is stored is what the client was asked."""
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("The answers are an object: question key to answer.")})
    clean: dict[str, Any] = {}
    for q in questions:
        if not shown(q, clean):
            continue
        value = answers.get(q["key"])
        name = "%s (%s)" % (q["key"], label(q))
        if _empty(value):
            if q.get("required"):
                raise ValidationError({"answers": _("Question %(q)s: this question needs an answer.") % {"q": name}})
            continue
        try:
            clean[q["key"]] = _value(q, value.strip() if isinstance(value, str) else value)
        except (TypeError, ValueError):
            bounds = scale(q)
            reason = (
                _("choose a whole number from %(a)d to %(b)d.") % dict(zip("ab", bounds))
                if bounds
                else _("choose among the question's options.")
                if q["type"] in CHOICES
                else _("give the answer as text.")
            )
            raise ValidationError(
                {"answers": _("Question %(q)s: %(reason)s") % {"q": name, "reason": reason}}
            ) from None
        if q["type"] == TEXT and len(clean[q["key"]]) > TEXT_MAX:
            raise ValidationError(
                {"answers": _("Question %(q)s: at most %(n)d characters.") % {"q": name, "n": TEXT_MAX}}
            )
    return clean


def first_score(questions: list[dict], answers: dict, kind: str) -> int | None:
    """The answer to the survey's first question of a kind (NPS, CSAT, CES): the response's score."""
    for q in questions:
        if q["type"] == kind and isinstance(answers.get(q["key"]), int):
            return answers[q["key"]]
    return None


def comment(questions: list[dict], answers: dict) -> str:
    """Every free-text answer, in the survey's order, one paragraph each (stored as text)."""
    return "\n\n".join(answers[q["key"]] for q in questions if q["type"] == TEXT and answers.get(q["key"]))


# --- NPS arithmetic --------------------------------------------------------------------------
DETRACTOR, PASSIVE, PROMOTER = "Detractor", "Passive", "Promoter"


def nps_category(score: int | None) -> str | None:
    """0–6 detractor, 7–8 passive, 9–10 promoter (Reichheld's bands)."""
    if score is None:
        return None
    return DETRACTOR if score <= 6 else PASSIVE if score <= 8 else PROMOTER


def nps(scores) -> float | None:
    """The share of promoters minus the share of detractors, in points (-100..100); None without answers."""
    bands = [nps_category(s) for s in scores if s is not None]
    if not bands:
        return None
    return 100.0 * (bands.count(PROMOTER) - bands.count(DETRACTOR)) / len(bands)
