"""Satisfaction arithmetic (feedback/analysis.py) on hand-built answers: exact scores, the NPS edges,
segments, periods with their n, the minimum sample, and drivers."""

import datetime as dt

import pytest

from securities_crm.feedback import analysis as a
from securities_crm.feedback.analysis import Row


@pytest.mark.parametrize(
    ("answer", "kind"),
    [(0, "detractor"), (6, "detractor"), (7, "passive"), (8, "passive"), (9, "promoter"), (10, "promoter")],
)
def test_each_nps_answer_is_classed_at_the_edges(answer, kind):
    assert a.classify(answer) == kind


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ([6], -100.0),  # a 6 is a detractor
        ([7], 0.0),  # a 7 is passive: counts in n, in neither share
        ([8], 0.0),
        ([9], 100.0),  # a 9 is a promoter
        ([6, 7, 8, 9], 0.0),  # 1 promoter, 1 detractor, 2 passives
        ([9, 9, 9, 6], 50.0),  # 75 % − 25 %
        ([10, 7, 7, 0], 0.0),
        ([9, 8, 8], 33.3),  # 33.3 % − 0 %
    ],
)
def test_nps_is_promoters_minus_detractors(answers, expected):
    score = a.nps(answers, min_sample=1)
    assert score.value == expected and score.n == len(answers)


def test_nps_parts_and_out_of_range_answers_are_left_out():
    score = a.nps([6, 7, 8, 9, 10, 11, -1, None], min_sample=1)
    assert score.n == 5
    assert score.parts == {"promoters": 2, "passives": 2, "detractors": 1}
    assert score.value == 20.0


def test_csat_is_the_share_of_4_and_5_and_ces_the_mean():
    assert a.csat([5, 4, 3, 2, 1], min_sample=1).value == 40.0
    assert a.csat([4, 4, 4, 3], min_sample=1).parts == {"satisfied": 3}
    assert a.ces([1, 2, 7], min_sample=1).value == 3.33
    assert a.ces([8, 0], min_sample=1).n == 0 and a.ces([], min_sample=1).value is None


def test_a_score_below_the_minimum_sample_is_insufficient():
    assert not a.nps([9] * 29).sufficient  # default minimum 30
    assert a.nps([9] * 30).sufficient
    assert not a.nps([9] * 4, min_sample=5).sufficient and a.nps([9] * 5, min_sample=5).sufficient
    assert a.nps([9] * 4, min_sample=5).value == 100.0  # computed, but marked


def _rows():
    day = dt.date(2026, 1, 15)
    return [
        Row(nps=10, csat=5, ces=2, on=day, dims={"segment": ["VIP"], "channel": "Phone", "branch": "BJ"}),
        Row(nps=9, csat=4, ces=3, on=day, dims={"segment": ["VIP", "两融"], "channel": "Portal", "branch": "BJ"}),
        Row(
            nps=3, csat=2, ces=6, on=dt.date(2026, 2, 1), dims={"segment": ["两融"], "channel": "Phone", "branch": "SH"}
        ),
        Row(nps=7, csat=3, ces=4, on=dt.date(2026, 4, 2), dims={"segment": [], "channel": "Phone", "branch": "SH"}),
        Row(nps=0, csat=1, ces=7, on=dt.date(2026, 4, 3), dims={"segment": ["两融"], "channel": "App", "branch": "SH"}),
    ]


def test_exact_scores_by_segment():
    by_segment = a.by(_rows(), "segment", a.NPS, min_sample=1)
    assert list(by_segment) == ["VIP", "两融"]
    assert (by_segment["VIP"].value, by_segment["VIP"].n) == (100.0, 2)
    # 两融: 9 (promoter), 3 and 0 (detractors) → 33.3 − 66.7
    assert (by_segment["两融"].value, by_segment["两融"].n) == (-33.3, 3)
    csat = a.by(_rows(), "segment", a.CSAT, min_sample=1)
    assert (csat["VIP"].value, csat["两融"].value) == (100.0, 33.3)
    ces = a.by(_rows(), "branch", a.CES, min_sample=1)
    assert (ces["BJ"].value, ces["SH"].value, ces["SH"].n) == (2.5, 5.67, 3)


def test_trends_by_month_and_quarter_carry_their_n():
    months = a.trend(_rows(), a.NPS, a.MONTH, min_sample=1)
    assert [(p, s.value, s.n) for p, s in months] == [
        ("2026-01", 100.0, 2),
        ("2026-02", -100.0, 1),
        ("2026-04", -50.0, 2),
    ]
    quarters = a.trend(_rows(), a.CSAT, a.QUARTER, min_sample=3)
    assert [(p, s.value, s.n, s.sufficient) for p, s in quarters] == [
        ("2026Q1", 66.7, 3, True),
        ("2026Q2", 0.0, 2, False),
    ]


def test_drivers_put_what_separates_promoters_from_detractors_first():
    rows = [
        Row(nps=10, dims={"channel": "Portal"}, answers={"speed": 5, "liked": ["app", "fees"]}),
        Row(nps=9, dims={"channel": "Portal"}, answers={"speed": 4, "liked": ["app"]}),
        Row(nps=8, dims={"channel": "Phone"}, answers={"speed": 3}),  # passive: in neither group
        Row(nps=2, dims={"channel": "Phone"}, answers={"speed": 1, "liked": ["fees"]}),
        Row(nps=5, dims={"channel": "Portal"}, answers={"speed": 2, "liked": []}),
    ]
    found = a.drivers(rows)
    by_key = {(d.attribute, d.value): d for d in found}
    speed = by_key[("answer:speed", "mean")]
    assert (speed.promoters, speed.detractors, speed.difference, speed.numeric) == (4.5, 1.5, 3.0, True)
    app = by_key[("answer:liked", "app")]
    assert (app.promoters, app.detractors, app.n_promoters, app.n_detractors) == (100.0, 0.0, 2, 2)
    phone = by_key[("channel", "Phone")]
    assert (phone.promoters, phone.detractors, phone.difference) == (0.0, 50.0, -50.0)
    assert found[0].attribute == "answer:liked" and found[0].value == "app"  # 100 points apart
    assert a.drivers(rows[:2]) == []  # no detractor: nothing to compare


def test_before_and_after_a_date():
    before, after = a.before_after(_rows(), a.NPS, dt.date(2026, 2, 1), min_sample=1)
    assert (before.value, before.n, after.value, after.n) == (100.0, 2, -66.7, 3)


# --- the same arithmetic over stored responses (feedback/reports.py) ----------------------------
import sys  # noqa: E402
from pathlib import Path  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from client_fixtures import new_client  # noqa: E402
from feedback_fixtures import feedback_world  # noqa: E402,F401
from segment_fixtures import segment  # noqa: E402
from service_fixtures import service_world  # noqa: E402,F401


def _answer(world, client, nps, channel="Portal", on=None, comment=""):
    from securities_crm.doctype.survey_response.model import SurveyResponse
    from securities_crm.feedback import responses

    answers = {"recommend": nps, "effort": 3}
    if nps <= 6:
        answers["why_low"] = ["fees"]
    if comment:
        answers["comment"] = comment
    response = responses.submit(world["nps"], client, answers, channel=channel)
    if on is not None:
        SurveyResponse.objects.filter(pk=response.pk).update(
            submitted_at=dt.datetime.combine(on, dt.time(10, 0), tzinfo=dt.UTC)
        )
    return response


@pytest.fixture
def scored(feedback_world, branch):
    """Six clients, two segments: VIP (10, 9, 6) and 两融 (6, 7, 0); the sixth client is in neither."""
    from securities_crm.doctype.segment_membership.model import SegmentMembership

    active = {"field": "status", "op": "=", "value": "Active"}
    vip, margin = segment("VIP客户", rule=active), segment("两融客户", rule=active)
    scores = [(10, [vip]), (9, [vip]), (6, [vip, margin]), (7, [margin]), (0, [margin]), (8, [])]
    for i, (nps, segs) in enumerate(scores):
        client = new_client(branch, feedback_world["cm"], 40 + i)
        for seg in segs:
            SegmentMembership(segment=seg, client=client, entered_on=dt.date(2026, 1, 1)).save()
        _answer(feedback_world, client, nps, channel="Phone" if i % 2 else "Portal", on=dt.date(2026, 1 + i // 3, 10))
    gone = new_client(branch, feedback_world["cm"], 60)  # left the segment: not counted in it
    SegmentMembership(segment=vip, client=gone, entered_on=dt.date(2025, 1, 1), left_on=dt.date(2025, 6, 1)).save()
    _answer(feedback_world, gone, 0, on=dt.date(2026, 2, 10))
    return feedback_world


@pytest.mark.django_db
def test_stored_responses_score_exactly_by_segment_channel_and_month(scored):
    from securities_crm.doctype.survey_response.model import SurveyResponse
    from securities_crm.feedback import reports

    rows = reports.rows(SurveyResponse.objects.all())
    assert len(rows) == 7
    by_segment = a.by(rows, "segment", a.NPS, min_sample=1)
    assert {k: (s.value, s.n) for k, s in by_segment.items()} == {"VIP客户": (33.3, 3), "两融客户": (-66.7, 3)}
    by_channel = a.by(rows, "channel", a.NPS, min_sample=1)
    assert (by_channel["Phone"].value, by_channel["Phone"].n) == (33.3, 3)  # 9, 7, 8
    assert (by_channel["Portal"].value, by_channel["Portal"].n) == (-50.0, 4)  # 10, 6, 0, 0
    months = [(p, s.value, s.n) for p, s in a.trend(rows, a.NPS, a.MONTH, min_sample=1)]
    assert months == [("2026-01", 33.3, 3), ("2026-02", -50.0, 4)]
    assert a.score(rows, a.CES, min_sample=1).value == 3.0
    assert not a.score(rows, a.NPS).sufficient  # 7 answers, fewer than 30


@pytest.mark.django_db
def test_follow_ups_done_in_time_are_counted(feedback_world):
    from securities_crm.core import workflow
    from securities_crm.doctype.care_task.model import CareTask
    from securities_crm.feedback import reports

    a, b = feedback_world["clients"]["a"], feedback_world["clients"]["b"]
    _answer(feedback_world, a, 2)  # a detractor: the loop makes a follow-up task due tomorrow
    _answer(feedback_world, b, 5)
    _answer(feedback_world, b, 10)  # a promoter: no task
    tasks = CareTask.objects.filter(source_doctype="Survey Response").order_by("name")
    assert tasks.count() == 2
    first, second = tasks
    workflow.apply(first, "complete", feedback_world["cm"], "", outcome="Completed")
    CareTask.objects.filter(pk=second.pk).update(due_on=dt.date(2026, 1, 1))  # left open past its due date
    counted = reports.follow_ups()
    assert (counted.total, counted.done, counted.in_time, counted.overdue) == (2, 1, 1, 1)
    assert counted.share_in_time == 100.0
    CareTask.objects.filter(pk=first.pk).update(due_on=dt.date(2026, 1, 1))  # done, but after its due date
    assert reports.follow_ups().in_time == 0
