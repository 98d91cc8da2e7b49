"""Home dashboards: every role gets figures computed from the data, within its record rules."""

import pytest
from django.urls import reverse

from securities_crm.core import discovery
from securities_crm.desk import dashboard
from securities_crm.notifications import notify
from securities_crm.permissions.roles import ADVISOR, MARKETING

from .conftest import ROLES

# The foundation's figures each role must see (later modules add more).
EXPECTED = {
    "System Manager": {
        "unread_notifications",
        "active_branches",
        "active_staff",
        "signed_in_today",
        "dormant_accounts",
        "failed_jobs",
        "job_queues",
        "running_jobs",
        "staff_per_branch",
        "staff_by_role",
        "latest_notifications",
    },
    "Branch Manager": {"unread_notifications", "my_branch", "active_staff", "staff_by_role", "latest_notifications"},
    "Client Manager": {"unread_notifications", "my_branch", "latest_notifications"},
    "Advisor": {"unread_notifications", "my_branch", "latest_notifications"},
    "Compliance Officer": {
        "unread_notifications",
        "active_branches",
        "active_staff",
        "signed_in_today",
        "dormant_accounts",
        "staff_per_branch",
        "latest_notifications",
    },
    "Risk Officer": {
        "unread_notifications",
        "active_branches",
        "signed_in_today",
        "staff_per_branch",
        "latest_notifications",
    },
    "Service Agent": {"unread_notifications", "my_branch", "latest_notifications"},
    "Marketing": {"unread_notifications", "active_branches", "marketing_segments", "latest_notifications"},
}


def _figures(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return {f["key"]: f for f in response.context["figures"]}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_its_figures_and_none_fails(client, staff_by_role, role):
    figures = _figures(client, staff_by_role[role])
    foundation = {k: f for k, f in figures.items() if f["id"].startswith("securities_crm.desk.figures.")}
    assert set(foundation) == EXPECTED[role]
    assert not [k for k, f in figures.items() if f["error"]], "a figure raised"


def test_figures_count_only_what_the_viewer_may_read(client, staff_by_role):
    # SH01 has the eight role users; BJ01 has two more.
    bm = _figures(client, staff_by_role["Branch Manager"])
    assert bm["active_staff"]["value"].value == 8
    assert bm["my_branch"]["value"].value == "上海陆家嘴营业部"
    compliance = _figures(client, staff_by_role["Compliance Officer"])
    assert compliance["active_staff"]["value"].value == 10
    chart = compliance["staff_per_branch"]["value"]
    assert dict(zip(chart.labels, next(iter(chart.series.values())))) == {"上海陆家嘴营业部": 8, "北京建国门营业部": 2}


def test_a_figure_without_data_says_so(client, staff_by_role):
    advisor = staff_by_role["Advisor"]
    figures = _figures(client, advisor)
    assert figures["unread_notifications"]["kind"] == "empty"
    assert figures["latest_notifications"]["kind"] == "empty"
    notify(advisor, "请复核客户资料")
    figures = _figures(client, advisor)
    assert figures["unread_notifications"]["value"].value == 1
    assert figures["latest_notifications"]["value"].rows


def test_the_page_shows_values_and_the_no_data_text(client, staff_by_role):
    client.force_login(staff_by_role["Branch Manager"])
    html = client.get(reverse("admin:index")).content.decode()
    assert 'data-figure="active_staff"' in html and 'data-kind="number"' in html
    assert 'data-figure="unread_notifications" data-kind="empty"' in html
    assert 'data-kind="chart"' in html and "<canvas" in html  # staff by role


def test_a_registered_figure_reaches_only_its_roles_and_a_failing_one_is_contained(client, staff_by_role):
    @dashboard.figure("Campaign reach", roles=[MARKETING], order=5)
    def campaign_reach(request):
        return dashboard.Number(42, "test")

    @dashboard.figure("Broken", roles=[MARKETING], order=6)
    def broken(request):
        raise RuntimeError("boom")

    try:
        marketing = _figures(client, staff_by_role[MARKETING])
        assert marketing["campaign_reach"]["value"].value == 42
        assert marketing["broken"]["error"] is True
        assert "campaign_reach" not in _figures(client, staff_by_role[ADVISOR])
    finally:
        for fn in (campaign_reach, broken):
            dashboard.FIGURES.pop(f"{fn.__module__}.{fn.__name__}")


def test_no_running_job_is_said_in_the_figures_own_words(client, staff_by_role):
    client.force_login(staff_by_role["System Manager"])
    html = client.get(reverse("admin:index")).content.decode()
    assert 'data-figure="running_jobs" data-kind="empty"' in html
    assert "没有正在运行的任务" in html


def test_job_figures_read_the_queues(client, staff_by_role):
    import django_rq

    from securities_crm.desk.figures import QUEUE_LABELS

    # Straight onto the queue: this test runs inside a transaction, where enqueue() waits for the commit.
    job = django_rq.get_queue("long", commit_mode="auto").enqueue(
        "securities_crm.tasks.sessions.clear_expired_sessions"
    )
    try:
        figures = _figures(client, staff_by_role["System Manager"])
        rows = {row[0]: row for row in figures["job_queues"]["value"].rows}
        labels = {key: str(label) for key, label in QUEUE_LABELS.items()}  # the queues by what runs on them
        assert set(rows) == {labels["short"], labels["default"], labels["long"]}
        assert rows[labels["long"]][1] >= 1
        assert isinstance(figures["failed_jobs"]["value"].value, int)
    finally:
        job.delete()


def test_figures_modules_next_to_the_code_are_found():
    import sys
    from pathlib import Path

    import securities_crm

    # AppConfig.ready ran autodiscover("figures"): every figures.py beside the code is loaded
    root = Path(securities_crm.__file__).parent
    expected = {
        ".".join(("securities_crm", *p.relative_to(root).with_suffix("").parts))
        for p in [*root.glob("doctype/*/figures.py"), *root.glob("*/figures.py")]
    }
    assert "securities_crm.desk.figures" in expected and "securities_crm.doctype.risk_alert.figures" in expected
    assert expected <= set(sys.modules)
    assert set(discovery.modules_named("figures")) == expected


@pytest.mark.parametrize("role", ROLES)
def test_every_view_all_link_opens_for_its_viewer(client, staff_by_role, role):
    figures = _figures(client, staff_by_role[role])
    for fig in figures.values():
        if fig["link"]:
            assert client.get(fig["link"]).status_code == 200, (role, fig["id"], fig["link"])


def test_marketing_sees_what_it_works_on_not_branches_per_city(client, staff_by_role):
    from securities_crm.core import registry

    segments = _figures(client, staff_by_role[MARKETING])["marketing_segments"]["value"]
    if registry.get("Segment Membership") is None:  # until Profiling lands: a card that lists what will come
        sources = [str(row[0]) for row in segments.rows]
        assert len(sources) == 3 and any("Segment" in s or "分群" in s for s in sources)
    assert "marketing_segments" not in _figures(client, staff_by_role[ADVISOR])
