"""Satisfaction reports: Survey Responses read once into analysis.Row values, then the pure arithmetic of
analysis.py. Callers pass the responses their viewer may read (permissions.policy), so a report never
counts what its reader could not open.

Dimensions: the client's branch and manager, the channel, the client's current segments (Segment
Membership), the product when the response's context names one (a context DocType with a `product` field;
otherwise the response has no product and is left out of that table), the survey, and the comment topics.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.utils import timezone

from ..core import registry
from ..doctype.care_rule.model import CareKind
from ..doctype.care_task.model import CareStatus, CareTask
from ..doctype.feedback_settings.model import FeedbackSettings
from ..doctype.segment_membership.model import SegmentMembership
from ..doctype.survey import questions as q
from ..doctype.survey.model import Survey
from ..doctype.survey_response.model import SurveyResponse
from ..permissions import policy
from . import analysis, text

DIMENSIONS = ("branch", "manager", "channel", "segment", "product", "survey", "topic")
RESPONSE = "Survey Response"


def min_sample() -> int:
    return FeedbackSettings.get_solo().min_sample


def _products(responses: list[dict]) -> dict[tuple[str, str], str]:
    """(context doctype, name) → product, for contexts whose DocType has a product field."""
    wanted: dict[str, set[str]] = defaultdict(set)
    for r in responses:
        if r["context_doctype"] and r["context_name"]:
            wanted[r["context_doctype"]].add(r["context_name"])
    found = {}
    for doctype, names in wanted.items():
        spec = registry.get(doctype)
        if spec is None or "product" not in {f.name for f in spec.model._meta.get_fields()}:
            continue
        for name, product in spec.model._default_manager.filter(pk__in=names).values_list("pk", "product"):
            if product:
                found[(doctype, str(name))] = str(product)
    return found


# The answers that may drive NPS: choices and scales; never the NPS answer itself, nor free text.
DRIVER_TYPES = (q.SINGLE, q.MULTIPLE, q.RATING, q.CSAT, q.CES)


def questions(responses) -> dict[str, dict]:
    """The driver questions of the surveys these responses answer, by key (the first survey's wording wins)."""
    found: dict[str, dict] = {}
    survey_ids = responses.order_by().values_list("survey_id", flat=True).distinct()
    for question_list in Survey.objects.filter(pk__in=survey_ids).order_by("pk").values_list("questions", flat=True):
        for question in question_list or []:
            if isinstance(question, dict) and question.get("type") in DRIVER_TYPES:
                found.setdefault(question["key"], question)
    return found


def rows(responses) -> list[analysis.Row]:
    """The analysis rows of a queryset of Survey Responses (three queries, whatever their number)."""
    fields = (
        "pk",
        "client_id",
        "client__branch__branch_name",
        "client__client_manager__username",
        "channel",
        "survey__survey_name",
        "context_doctype",
        "context_name",
        "nps_score",
        "csat_score",
        "ces_score",
        "answers",
        "keywords",
        "submitted_at",
    )
    data = list(responses.order_by("submitted_at", "pk").values(*fields))
    segments: dict[int, list[str]] = defaultdict(list)
    clients = {r["client_id"] for r in data}
    for client_id, segment in (
        SegmentMembership.objects.filter(client_id__in=clients, left_on__isnull=True)
        .order_by("segment_id")
        .values_list("client_id", "segment_id")
    ):
        segments[client_id].append(segment)
    products = _products(data)
    drivers = questions(responses)
    out = []
    for r in data:
        dims = {
            "branch": r["client__branch__branch_name"] or "",
            "manager": r["client__client_manager__username"] or "",
            "channel": r["channel"],
            "segment": segments.get(r["client_id"], []),
            "product": products.get((r["context_doctype"], r["context_name"]), ""),
            "survey": r["survey__survey_name"],
        }
        out.append(
            analysis.Row(
                nps=r["nps_score"],
                csat=r["csat_score"],
                ces=r["ces_score"],
                on=timezone.localdate(r["submitted_at"]) if r["submitted_at"] else None,
                dims=dims,
                answers={k: v for k, v in (r["answers"] or {}).items() if k in drivers},
                topics=tuple(text.topics(r["keywords"] or [])),
                key=r["pk"],
            )
        )
    return out


def keyword_counts(responses) -> Counter:
    """How often each stored keyword occurs (topic words included), for the word cloud."""
    counts: Counter = Counter()
    for keywords in responses.exclude(keywords=[]).values_list("keywords", flat=True):
        counts.update(w for w in keywords or [] if isinstance(w, str))
    return counts


def top_topics(
    rows: list[analysis.Row], kind: str = analysis.MONTH, k: int = 3
) -> list[tuple[str, list[tuple[str, int]]]]:
    """Per period (oldest first), the k topics most comments touched, with their counts (ties by name)."""
    per: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        if row.on is not None:
            per[analysis.period(row.on, kind)].update(row.topics)
    return [(p, sorted(per[p].items(), key=lambda kv: (-kv[1], kv[0]))[:k]) for p in sorted(per)]


@dataclass(frozen=True)
class FollowUps:
    total: int  # follow-up tasks made from responses
    done: int
    in_time: int  # done on or before their due date
    overdue: int  # not done, past due

    @property
    def share_in_time(self) -> float | None:
        return round(100 * self.in_time / self.done, 1) if self.done else None


def follow_ups(tasks=None, today=None) -> FollowUps:
    """The closed loop: Care Tasks made from responses (feedback kind), and how many were done in time."""
    today = today or timezone.localdate()
    tasks = tasks if tasks is not None else CareTask.objects.all()
    tasks = tasks.filter(kind=CareKind.FEEDBACK, source_doctype=RESPONSE)
    total = done = in_time = overdue = 0
    for status, due_on, completed_at in tasks.values_list("status", "due_on", "completed_at"):
        total += 1
        if status == CareStatus.DONE:
            done += 1
            if completed_at is not None and timezone.localdate(completed_at) <= due_on:
                in_time += 1
        elif status != CareStatus.CANCELLED and due_on < today:
            overdue += 1
    return FollowUps(total, done, in_time, overdue)


def responses_for(user):
    """The Survey Responses a user may read."""
    return policy.filter_queryset(user, SurveyResponse.objects.all())
