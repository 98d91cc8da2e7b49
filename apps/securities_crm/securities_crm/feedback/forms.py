"""A survey's questions as an HTML form, and a posted form back as answers: shared by the portal's forms,
the desk's phone entry and the builder's preview (templates/securities_crm/feedback/questions.html)."""

from __future__ import annotations

import json

from django.utils.translation import gettext as _

from ..doctype.survey import questions as q


def items(questions: list[dict], lang: str | None = None, values: dict | None = None) -> list[dict]:
    """What the template draws for each question, in the reader's language."""
    values = values or {}
    drawn = []
    for question in questions or []:
        if not isinstance(question, dict) or "key" not in question:
            continue
        bounds = q.scale(question) if question.get("type") in q.TYPES else None
        given = values.get(question["key"])
        if question.get("type") in q.CHOICES:
            choices = [
                (str(o.get("value")), q.label(o, lang)) for o in question.get("options") or [] if isinstance(o, dict)
            ]
        elif bounds is not None:
            choices = [(str(n), str(n)) for n in range(bounds[0], bounds[1] + 1)]
        else:
            choices = []
        low, high = {
            q.NPS: (_("Not at all likely"), _("Extremely likely")),
            q.CSAT: (_("Very dissatisfied"), _("Very satisfied")),
            q.CES: (_("Very difficult"), _("Very easy")),
        }.get(question.get("type"), ("", ""))
        drawn.append(
            {
                "key": question["key"],
                "type": question.get("type"),
                "label": q.label(question, lang),
                "required": bool(question.get("required")),
                "choices": choices,
                "multiple": question.get("type") == q.MULTIPLE,
                "text": question.get("type") == q.TEXT,
                "scale": bounds is not None,
                "low": low,
                "high": high,
                "show_if": json.dumps(question["show_if"]) if question.get("show_if") else "",
                # drawn hidden when the answers so far skip it, so the page is right before any script runs
                "hidden": not q.shown(question, values),
                "chosen": [str(v) for v in (given if isinstance(given, list) else [given])]
                if given is not None
                else [],
                "value": given if isinstance(given, str) else "",
            }
        )
    return drawn


def answers_from(data, questions: list[dict]) -> dict:
    """The answers in a posted form (a QueryDict), as the model checks them: numbers stay text here."""
    answers = {}
    for question in questions:
        key = question["key"]
        if question["type"] == q.MULTIPLE:
            chosen = data.getlist(key)
            if chosen:
                answers[key] = chosen
        elif data.get(key) not in (None, ""):
            answers[key] = data.get(key)
    return answers
