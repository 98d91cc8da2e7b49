"""The tier ladder: every client on exactly one rung, by one number of the profile.

    parameters = {"field": "avg_aum_6m",
                  "tiers": [["普通", 0], ["银卡", 100000], ["金卡", 500000], ["白金", 2000000], ["钻石", 10000000]]}

A rung holds the clients from its threshold (inclusive) up to the next rung's (exclusive). The first
rung also holds everyone below its threshold and everyone with no value, so the rungs' Qs are disjoint
and together cover every client: a client is in exactly one tier by construction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import NoReturn

from django.db.models import Q
from django.utils.translation import gettext as _

from . import catalogue
from .catalogue import Entry
from .rules import RuleError, convert

MAX_RUNGS = 20


@dataclass(frozen=True)
class Ladder:
    entry: Entry
    rungs: tuple[tuple[str, Decimal], ...]  # (name, threshold), thresholds strictly rising

    @property
    def names(self) -> list[str]:
        return [name for name, _t in self.rungs]


def _fail(message: str) -> NoReturn:
    raise RuleError({"parameters": [message]})


def read(parameters) -> Ladder:
    """The ladder a Tier segment's parameters describe, or a RuleError on `parameters` naming what is wrong."""
    if not isinstance(parameters, dict):
        _fail(_("Parameters must be an object of names and values."))
    entry = catalogue.get(parameters.get("field"))
    if entry is None or entry.kind != "number":
        _fail(
            _("A tier ladder ranks by a number field of the profile; %(field)s is not one.")
            % {"field": parameters.get("field")}
        )
    rows = parameters.get("tiers")
    if not isinstance(rows, list) or not 1 <= len(rows) <= MAX_RUNGS:
        _fail(_("tiers must be a list of 1 to %(max)s [name, threshold] pairs.") % {"max": MAX_RUNGS})
    rungs: list[tuple[str, Decimal]] = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, list) or len(row) != 2 or not isinstance(row[0], str) or not row[0].strip():
            _fail(_("Tier %(n)s must be a [name, threshold] pair.") % {"n": i})
        name = row[0].strip()
        threshold = convert(entry, row[1], _("tier %(n)s") % {"n": i})
        if any(name == n for n, _t in rungs):
            _fail(_("The tier %(name)s appears twice.") % {"name": name})
        if rungs and threshold <= rungs[-1][1]:
            _fail(
                _("Tier %(name)s starts at %(value)s, which is not above the tier before it.")
                % {"name": name, "value": threshold}
            )
        rungs.append((name, threshold))
    return Ladder(entry, tuple(rungs))


def rung_qs(ladder: Ladder) -> list[tuple[str, Q]]:
    """Each rung's clients as a Q over Client: disjoint, and together everyone."""
    path = ladder.entry.path
    out = []
    for i, (name, threshold) in enumerate(ladder.rungs):
        q = Q(**{f"{path}__gte": threshold}) if i else Q()
        if i + 1 < len(ladder.rungs):
            q &= Q(**{f"{path}__lt": ladder.rungs[i + 1][1]})
        if i == 0 and len(ladder.rungs) > 1:  # (alone, the first rung is everyone already)
            q |= Q(**{f"{path}__isnull": True})
        out.append((name, q))
    return out
