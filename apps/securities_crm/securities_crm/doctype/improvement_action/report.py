"""The satisfaction dashboard's content (desk page /app/securities_crm/improvementaction/satisfaction/) and
its xlsx export: NPS, CSAT and CES with n, trends, scores by dimension, drivers, top topics per period,
the word cloud, and the closed loop's follow-ups done in time.

Everything counts only the responses (and care tasks) the viewer may read (permissions.policy). A score
from fewer answers than the minimum sample shows as "insufficient sample", with its n.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy

from ...desk.dashboard import Chart, Number, Table, _shape
from ...feedback import analysis, reports, text
from ...permissions import policy
from ..care_task.model import CareTask
from ..shared.feedback import FeedbackChannel
from ..survey import questions as q

METRIC_LABELS = {analysis.NPS: "NPS", analysis.CSAT: "CSAT", analysis.CES: "CES"}
DIMENSION_LABELS = {
    "branch": _("Branch"),
    "manager": _("Client Manager"),
    "channel": _("Channel"),
    "segment": _("Segment"),
    "product": _("Product"),
    "survey": _("Survey"),
    "topic": _("Comment topic"),
}
DRIVERS_SHOWN = 12
N = pgettext_lazy("sample size", "n")  # the number of answers a score is computed from


def shown_value(score: analysis.Score) -> str:
    """A score as readers see it: the number, or why there is none."""
    if score.n == 0 or score.value is None:
        return "-"
    if not score.sufficient:
        return _t("insufficient sample")
    if score.metric == analysis.CES:
        return f"{score.value:.2f}"
    return f"{score.value:+.1f}" if score.metric == analysis.NPS else f"{score.value:.1f}%"


def hint(score: analysis.Score) -> str:
    if score.n and not score.sufficient:
        return _t("n = %(n)d, fewer than the minimum of %(min)d") % {"n": score.n, "min": score.min_sample}
    return _t("n = %(n)d") % {"n": score.n}


def value_label(dim: str, value: str, questions: dict | None = None) -> str:
    if dim.startswith("answer:") and questions:
        question = questions.get(dim.split(":", 1)[1]) or {}
        for option in question.get("options") or []:
            if str(option.get("value")) == value:
                return q.label(option)
        return value
    if dim == "channel" and value in FeedbackChannel.values:
        return str(FeedbackChannel(value).label)
    if dim == "topic":
        return str(text.TOPIC_LABELS.get(value, value))
    if dim == "segment":  # the default segments' names are in the catalogue (Segment.label)
        return _t(value)
    return value


def attribute_label(attribute: str, questions: dict | None = None) -> str:
    if attribute.startswith("answer:"):
        key = attribute.split(":", 1)[1]
        question = (questions or {}).get(key)
        return _t("Answer to %(question)s") % {"question": q.label(question) if question else key}
    return str(DIMENSION_LABELS.get(attribute, attribute))


@dataclass
class Data:
    """What the page and the export read, computed once per request."""

    rows: list
    period: str
    min_sample: int
    follow_ups: reports.FollowUps
    negative: int
    responses: object  # the queryset of what the viewer may read
    questions: dict  # the driver questions, by key (their wording and options)


def gather(request) -> Data:
    responses = reports.responses_for(request.user)
    period = analysis.QUARTER if request.GET.get("period") == analysis.QUARTER else analysis.MONTH
    tasks = policy.filter_queryset(request.user, CareTask.objects.all())
    return Data(
        rows=reports.rows(responses),
        period=period,
        min_sample=reports.min_sample(),
        follow_ups=reports.follow_ups(tasks),
        negative=responses.filter(sentiment="Negative").count(),
        responses=responses,
        questions=reports.questions(responses),
    )


def by_dimension(data: Data, dim: str) -> Table | None:
    scores = {m: analysis.by(data.rows, dim, m, data.min_sample) for m in analysis.METRICS}
    values = sorted(scores[analysis.NPS])
    if not values:
        return None
    rows = []
    for value in values:
        line = [value_label(dim, value)]
        for metric in analysis.METRICS:
            score = scores[metric][value]
            line += [shown_value(score), score.n]
        rows.append(line)
    return Table([DIMENSION_LABELS[dim], "NPS", N, "CSAT", N, "CES", N], rows)


def trend_table(data: Data) -> Table | None:
    trends = {m: dict(analysis.trend(data.rows, m, data.period, data.min_sample)) for m in analysis.METRICS}
    periods = sorted(set().union(*trends.values()))
    if not periods:
        return None
    rows = []
    for p in periods:
        line = [p]
        for metric in analysis.METRICS:
            score = trends[metric].get(p)
            line += [shown_value(score), score.n] if score else ["-", 0]
        rows.append(line)
    return Table([_("Period"), "NPS", N, "CSAT", N, "CES", N], rows)


def trend_chart(data: Data) -> Chart | None:
    """NPS and CSAT per period; a period below the minimum sample is a gap, never a point to read."""
    nps = dict(analysis.trend(data.rows, analysis.NPS, data.period, data.min_sample))
    csat = dict(analysis.trend(data.rows, analysis.CSAT, data.period, data.min_sample))
    periods = sorted(set(nps) | set(csat))
    if not periods:
        return None

    def point(score):
        return score.value if score is not None and score.sufficient else None

    if not any(point(s) is not None for s in [*nps.values(), *csat.values()]):
        return None  # every period is below the minimum sample: the table with n says so
    return Chart(
        periods,
        {"NPS": [point(nps.get(p)) for p in periods], "CSAT %": [point(csat.get(p)) for p in periods]},
        kind="line",
    )


def drivers_table(data: Data) -> Table | None:
    # a value every promoter and every detractor shares (one branch, one survey) separates nothing
    found = [d for d in analysis.drivers(data.rows) if d.difference][:DRIVERS_SHOWN]
    if not found:
        return None
    rows = []
    for d in found:
        fmt = "{:.2f}" if d.numeric else "{:.1f}%"
        value = _t("mean") if d.numeric else value_label(d.attribute, d.value, data.questions)
        rows.append(
            [
                attribute_label(d.attribute, data.questions),
                value,
                fmt.format(d.promoters),
                fmt.format(d.detractors),
                f"{d.difference:+.1f}",
                f"{d.n_promoters} / {d.n_detractors}",
            ]
        )
    return Table(
        [_("What"), _("Value"), _("Promoters"), _("Detractors"), _("Difference"), _("n (promoters / detractors)")], rows
    )


def topics_table(data: Data) -> Table | None:
    per = reports.top_topics(data.rows, data.period)
    rows = [[p, "、".join(f"{value_label('topic', t)} ({n})" for t, n in top)] for p, top in per if top]
    return Table([_("Period"), _("Top topics (comments)")], rows) if rows else None


def headline(data: Data, metric: str) -> Number | None:
    score = analysis.score(data.rows, metric, data.min_sample)
    if score.n == 0:
        return None
    return Number(shown_value(score), hint(score))


def follow_ups_number(data: Data) -> Number | None:
    f = data.follow_ups
    if not f.total:
        return None
    return Number(
        f"{f.in_time} / {f.done}",
        _t("done in time of those done; %(overdue)d overdue, %(total)d follow-ups in all")
        % {"overdue": f.overdue, "total": f.total},
    )


def _fig(key, title, value, icon="", wide=None):
    kind, shaped = _shape(value)
    return {
        "key": key,
        "id": key,
        "title": title,
        "kind": kind,
        "value": shaped,
        "link": None,
        "icon": icon,
        "wide": wide if wide is not None else kind in ("chart", "table"),
        "empty": kind == "empty",
        "error": False,
        "empty_text": "",
    }


def figures(data: Data) -> list[dict]:
    figs = [
        _fig("nps", "NPS", headline(data, analysis.NPS), "recommend"),
        _fig("csat", "CSAT", headline(data, analysis.CSAT), "sentiment_satisfied"),
        _fig("ces", _("CES (effort, 1–7)"), headline(data, analysis.CES), "bolt"),
        _fig("follow_ups", _("Follow-ups done in time"), follow_ups_number(data), "volunteer_activism"),
        _fig(
            "negative",
            _("Negative comments"),
            Number(data.negative, _t("flagged by the comment analysis")) if data.rows else None,
            "flag",
        ),
        _fig("trend_chart", _("Trend"), trend_chart(data), wide=True),
        _fig("trend", _("Trend with n"), trend_table(data)),
        _fig("drivers", _("Drivers: what separates promoters from detractors"), drivers_table(data)),
        _fig("topics", _("Top topics per period"), topics_table(data)),
    ]
    for dim in ("branch", "manager", "channel", "segment", "product", "topic"):
        figs.append(
            _fig(
                "by_" + dim,
                _t("By %(dimension)s") % {"dimension": DIMENSION_LABELS[dim]},
                by_dimension(data, dim),
                wide=True,
            )
        )
    return figs


def sheets(data: Data) -> list[tuple[str, list, list]]:
    """The export's sheets: (title, headers, rows), from the same tables as the page."""
    out = []
    summary = []
    for metric in analysis.METRICS:
        score = analysis.score(data.rows, metric, data.min_sample)
        summary.append([METRIC_LABELS[metric], score.value, score.n, score.sufficient])
    f = data.follow_ups
    out.append((_t("Summary"), [_t("Score"), _t("Value"), str(N), _t("Sufficient sample")], summary))
    out.append(
        (
            _t("Follow-ups"),
            [_t("Follow-ups"), pgettext("care task status", "Done"), _t("Done in time"), _t("Overdue")],
            [[f.total, f.done, f.in_time, f.overdue]],
        )
    )
    for title, table in (
        (_t("Trend"), trend_table(data)),
        (_t("Drivers"), drivers_table(data)),
        (_t("Topics"), topics_table(data)),
        *(
            (str(DIMENSION_LABELS[d]), by_dimension(data, d))
            for d in ("branch", "manager", "channel", "segment", "product", "topic")
        ),
    ):
        if table is not None:
            out.append((title, [str(h) for h in table.headers], table.rows))
    return out
