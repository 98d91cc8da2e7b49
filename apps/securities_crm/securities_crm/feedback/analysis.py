"""Satisfaction arithmetic: pure functions over answers, no database.

The rules (issue #18, DESIGN.md "Feedback"):

- NPS (0–10, "how likely are you to recommend us"): promoters answer 9 or 10, passives 7 or 8, detractors
  0 to 6. NPS = % promoters − % detractors, from −100 to +100. Passives count in n but in neither share.
- CSAT (1–5): the share of satisfied answers, 4 or 5, as a percentage of all CSAT answers.
- CES (1–7, "how easy was it"): the mean answer.
- Every score carries its n (the answers it was computed from). A score from fewer than the minimum sample
  (`MIN_SAMPLE`; Feedback Settings holds the site's own) is still computed but marked
  insufficient, and shown as "insufficient sample", never as a number to act on.
- Trends are the same scores per period (month "2026-03" or quarter "2026Q1"), each with its n.
- Drivers: for each attribute (a category, the channel, an answer), the share of promoters and of detractors
  that have each value, and the difference in percentage points, with both n; for numeric answers, the
  difference of the means. Attributes are sorted by the size of the difference (ties by name) so that what
  separates promoters from detractors comes first.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..doctype.feedback_settings.model import MIN_SAMPLE  # the default; Feedback Settings holds the site's own

NPS, CSAT, CES = "nps", "csat", "ces"
METRICS = (NPS, CSAT, CES)
RANGES = {NPS: (0, 10), CSAT: (1, 5), CES: (1, 7)}
PROMOTER_MIN, DETRACTOR_MAX = 9, 6
SATISFIED_MIN = 4
MONTH, QUARTER = "month", "quarter"


@dataclass(frozen=True)
class Row:
    """One response as the arithmetic sees it: its scores, the groups it belongs to, its answers and date."""

    nps: int | None = None
    csat: int | None = None
    ces: int | None = None
    on: dt.date | None = None
    dims: dict[str, str | list[str]] = field(default_factory=dict)  # branch, manager, channel, segment …
    answers: dict[str, object] = field(default_factory=dict)
    topics: tuple[str, ...] = ()
    key: str = ""  # the response's name, when it came from one

    def score(self, metric: str) -> int | None:
        return getattr(self, metric)


@dataclass(frozen=True)
class Score:
    metric: str
    value: float | None  # None when n is 0
    n: int
    min_sample: int = MIN_SAMPLE
    parts: dict[str, int] = field(default_factory=dict)  # NPS: promoters, passives, detractors; CSAT: satisfied

    @property
    def sufficient(self) -> bool:
        return self.n >= self.min_sample and self.value is not None

    def as_dict(self) -> dict:
        return {"metric": self.metric, "value": self.value, "n": self.n, "sufficient": self.sufficient, **self.parts}


def classify(nps: int) -> str:
    """promoter (9–10), passive (7–8) or detractor (0–6)."""
    if nps >= PROMOTER_MIN:
        return "promoter"
    if nps > DETRACTOR_MAX:
        return "passive"
    return "detractor"


def _valid(values: Iterable[int | None], metric: str) -> list[int]:
    low, high = RANGES[metric]
    return [int(v) for v in values if v is not None and low <= int(v) <= high]


def nps(values: Iterable[int | None], min_sample: int = MIN_SAMPLE) -> Score:
    scores = _valid(values, NPS)
    kinds = [classify(v) for v in scores]
    parts = {k + "s": kinds.count(k) for k in ("promoter", "passive", "detractor")}
    n = len(scores)
    value = round(100 * (parts["promoters"] - parts["detractors"]) / n, 1) if n else None
    return Score(NPS, value, n, min_sample, parts)


def csat(values: Iterable[int | None], min_sample: int = MIN_SAMPLE) -> Score:
    scores = _valid(values, CSAT)
    satisfied = sum(1 for v in scores if v >= SATISFIED_MIN)
    n = len(scores)
    return Score(CSAT, round(100 * satisfied / n, 1) if n else None, n, min_sample, {"satisfied": satisfied})


def ces(values: Iterable[int | None], min_sample: int = MIN_SAMPLE) -> Score:
    scores = _valid(values, CES)
    n = len(scores)
    return Score(CES, round(sum(scores) / n, 2) if n else None, n, min_sample)


SCORERS: dict[str, Callable[..., Score]] = {NPS: nps, CSAT: csat, CES: ces}


def score(rows: Iterable[Row], metric: str, min_sample: int = MIN_SAMPLE) -> Score:
    return SCORERS[metric]([r.score(metric) for r in rows], min_sample)


def _values(row: Row, dim: str) -> list[str]:
    """A row's values of a dimension: one (branch, channel) or several (segments, topics); none when blank."""
    if dim == "topic":
        return list(row.topics)
    value = row.dims.get(dim)
    if value is None or value == "":
        return []
    return [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)]


def by(rows: Iterable[Row], dim: str, metric: str, min_sample: int = MIN_SAMPLE) -> dict[str, Score]:
    """The score per value of a dimension (a row in two segments counts in both), values sorted."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        for value in _values(row, dim):
            groups[value].append(row)
    return {value: score(groups[value], metric, min_sample) for value in sorted(groups)}


def period(day: dt.date, kind: str = MONTH) -> str:
    if kind == QUARTER:
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    return f"{day.year}-{day.month:02d}"


def trend(rows: Iterable[Row], metric: str, kind: str = MONTH, min_sample: int = MIN_SAMPLE) -> list[tuple[str, Score]]:
    """The score per period, oldest first; periods without answers are left out (no zero is made up)."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        if row.on is not None and row.score(metric) is not None:
            groups[period(row.on, kind)].append(row)
    return [(p, score(groups[p], metric, min_sample)) for p in sorted(groups)]


@dataclass(frozen=True)
class Driver:
    attribute: str  # "channel", "category", "answer:q3" …
    value: str  # the value whose share differs; "mean" for numeric answers
    promoters: float  # share (%) or mean among promoters
    detractors: float  # … among detractors
    n_promoters: int
    n_detractors: int
    numeric: bool = False

    @property
    def difference(self) -> float:
        return round(self.promoters - self.detractors, 2)


def drivers(rows: Iterable[Row], attributes: Iterable[str] | None = None, min_group: int = 1) -> list[Driver]:
    """What separates promoters from detractors: per attribute value, its share among each (percentage
    points), or for numeric answers the difference of the means. Needs at least `min_group` of each."""
    rows = [r for r in rows if r.nps is not None]
    groups = {
        "promoter": [r for r in rows if classify(r.nps) == "promoter"],  # type: ignore[arg-type]
        "detractor": [r for r in rows if classify(r.nps) == "detractor"],  # type: ignore[arg-type]
    }
    pro, det = groups["promoter"], groups["detractor"]
    if len(pro) < min_group or len(det) < min_group:
        return []
    if attributes is None:
        names = {d for r in rows for d in r.dims} | {"answer:" + k for r in rows for k in r.answers}
        if any(r.topics for r in rows):
            names.add("topic")
        attributes = sorted(names)
    found: list[Driver] = []
    for attribute in attributes:
        if attribute.startswith("answer:"):
            key = attribute.split(":", 1)[1]
            found.extend(_answer_driver(attribute, key, pro, det))
            continue
        values = sorted({v for r in pro + det for v in _values(r, attribute)})
        for value in values:
            share_p = 100 * sum(1 for r in pro if value in _values(r, attribute)) / len(pro)
            share_d = 100 * sum(1 for r in det if value in _values(r, attribute)) / len(det)
            found.append(Driver(attribute, value, round(share_p, 1), round(share_d, 1), len(pro), len(det)))
    return sorted(found, key=lambda d: (-abs(d.difference), d.attribute, d.value))


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value)


def _answer_driver(attribute: str, key: str, pro: list[Row], det: list[Row]) -> list[Driver]:
    answers_p = [r.answers[key] for r in pro if key in r.answers]
    answers_d = [r.answers[key] for r in det if key in r.answers]
    if not answers_p or not answers_d:
        return []
    nums_p = [x for x in map(_number, answers_p) if x is not None]
    nums_d = [x for x in map(_number, answers_d) if x is not None]
    if len(nums_p) == len(answers_p) and len(nums_d) == len(answers_d):
        mean_p, mean_d = sum(nums_p) / len(nums_p), sum(nums_d) / len(nums_d)
        return [Driver(attribute, "mean", round(mean_p, 2), round(mean_d, 2), len(nums_p), len(nums_d), True)]

    def chosen(answer) -> set[str]:  # a multiple choice is a list: each option is a value of its own
        return {str(a) for a in answer} if isinstance(answer, list | tuple) else {str(answer)}

    out = []
    for value in sorted({v for a in answers_p + answers_d for v in chosen(a)}):
        share_p = 100 * sum(1 for a in answers_p if value in chosen(a)) / len(answers_p)
        share_d = 100 * sum(1 for a in answers_d if value in chosen(a)) / len(answers_d)
        out.append(Driver(attribute, value, round(share_p, 1), round(share_d, 1), len(answers_p), len(answers_d)))
    return out


def before_after(rows: Iterable[Row], metric: str, when: dt.date, min_sample: int = MIN_SAMPLE) -> tuple[Score, Score]:
    """The score of answers before a date and of those on or after it (an improvement action's effect)."""
    rows = [r for r in rows if r.on is not None]
    before = score([r for r in rows if r.on < when], metric, min_sample)  # type: ignore[operator]
    after = score([r for r in rows if r.on >= when], metric, min_sample)  # type: ignore[operator]
    return before, after
