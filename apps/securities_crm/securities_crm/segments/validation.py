"""The Segment's validate hook (securities_crm/hooks.py): its rule and parameters must fit the catalogue.
A failure names the condition, field, operator or parameter, and the save writes nothing."""

from __future__ import annotations

from ..doctype.segment.model import SegmentKind
from . import rules, tiers


def validate_segment(segment) -> None:
    if segment.kind == SegmentKind.TIER:
        tiers.read(segment.parameters)
        rules.check(segment.rule, segment.parameters, required=False)
    else:
        rules.check(segment.rule, segment.parameters, required=True)
