"""Why a client is or is not in a segment: each condition with the client's value and whether it holds,
and the stored membership (entered when, and the values that put them in).

Each condition is judged by the same compiled Q the membership uses (rules.condition_q), evaluated for
this one client in one query, so the explanation can never disagree with the membership rule. The
`member` answer is the stored one (as of the last refresh); `holds_now` is the rule over today's data.
"""

from __future__ import annotations

from django.db.models import BooleanField, Case, Value, When

from ..doctype.client_tag.model import ClientTag
from ..doctype.segment.model import Segment, SegmentKind
from ..doctype.segment_membership.model import SegmentMembership
from . import rules, tiers
from .membership import jsonable, population


def _judge(client_pk: str, named: dict) -> dict[str, bool]:
    """{alias: does the Q hold for this client}, all in one query."""
    if not named:
        return {}
    row = (
        population()
        .filter(pk=client_pk)
        .annotate(
            **{
                alias: Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())
                for alias, q in named.items()
            }
        )
        .values(*named)
        .first()
    )
    return {alias: bool(row and row[alias]) for alias in named}


def _combine(node, passed: dict) -> bool:
    if isinstance(node, rules.Condition):
        return passed[node.where]
    results = [_combine(c, passed) for c in node.children]
    if node.kind == "not":
        return not results[0]
    return all(results) if node.kind == "all" else any(results)


def explain(client, segment: Segment) -> dict:
    node = rules.check(segment.rule, segment.parameters, required=segment.kind != SegmentKind.TIER)
    conds = rules.conditions(node)
    values = (
        population().filter(pk=client.pk).values(*{c.entry.path for c in conds if c.entry.kind != "tags"}).first()
        if conds
        else {}
    ) or {}
    tags = set(ClientTag.objects.filter(client=client).values_list("tag", flat=True))
    named = {f"c{i}": rules.condition_q(c) for i, c in enumerate(conds)}
    ladder = tiers.read(segment.parameters) if segment.kind == SegmentKind.TIER else None
    if ladder is not None:
        named |= {f"t{i}": q for i, (_name, q) in enumerate(tiers.rung_qs(ladder))}
    judged = _judge(client.pk, named)
    passed = {c.where: judged[f"c{i}"] for i, c in enumerate(conds)}
    in_population = population().filter(pk=client.pk).exists()
    holds = in_population and (node is None or _combine(node, passed))
    out_conditions = []
    for cond in conds:
        if cond.entry.kind == "tags":
            value = cond.value in tags
        else:
            value = jsonable(values.get(cond.entry.path))
        wanted = cond.value
        out_conditions.append(
            {
                "where": cond.where,
                "field": cond.field,
                "label": str(cond.entry.label),
                "op": cond.op,
                "value": [jsonable(v) for v in wanted] if isinstance(wanted, tuple) else jsonable(wanted),
                "client_value": value,
                "passed": passed[cond.where],
            }
        )
    current = (
        SegmentMembership.objects.filter(segment=segment, client=client, left_on__isnull=True)
        .order_by("-entered_on")
        .first()
    )
    answer = {
        "client": client.pk,
        "segment": segment.pk,
        "kind": segment.kind,
        "member": current is not None,
        "holds_now": holds,
        "entered_on": current.entered_on.isoformat() if current else None,
        "why": current.why if current else None,
        "conditions": out_conditions,
        "restricted": not in_population,
    }
    if ladder is not None:
        rung = next((name for i, name in enumerate(ladder.names) if judged.get(f"t{i}")), None)
        answer |= {
            "tier": current.tier if current else None,
            "tier_now": rung if holds else None,
            "tier_field": ladder.entry.name,
            "tier_value": jsonable(population().filter(pk=client.pk).values_list(ladder.entry.path, flat=True).first()),
        }
    return answer


def preview(rule, parameters, queryset, kind: str = SegmentKind.RULE, sample: int = 20) -> dict:
    """An unsaved rule over `queryset` (the caller's visible clients): how many, and a sample.
    A rule that does not fit is a RuleError, as on save."""
    segment = Segment(segment_name="preview", kind=kind, rule=rule, parameters=parameters or {})
    if kind == SegmentKind.TIER:
        ladder = tiers.read(segment.parameters)
        node = rules.check(rule, segment.parameters, required=False)
        scoped = queryset.filter(processing_restricted=False).filter(rules.to_q(node))
        counts = {name: scoped.filter(q).count() for name, q in tiers.rung_qs(ladder)}
        return {"count": sum(counts.values()), "tiers": counts, "sample": _sample(scoped, sample)}
    node = rules.check(rule, segment.parameters)
    matched = queryset.filter(processing_restricted=False).filter(rules.to_q(node))
    return {"count": matched.count(), "sample": _sample(matched, sample)}


def _sample(qs, n: int) -> list[dict]:
    if not n:
        return []
    return [{"name": pk, "client_name": name} for pk, name in qs.order_by("pk").values_list("pk", "client_name")[:n]]
