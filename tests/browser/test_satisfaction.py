"""The satisfaction dashboard in Debian's Chromium, in Chinese: a marketing user opens it over two months of
responses with comments (from the labelled corpus), sees NPS with its n, the trend, the drivers, the top
topics and the word cloud, and switches to quarters. Leaves tests/artifacts/satisfaction_*.png."""

import csv
import datetime as dt
import sys
from pathlib import Path

import pytest
from browser_helpers import login, shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from client_fixtures import new_client  # noqa: E402
from feedback_fixtures import feedback_world  # noqa: E402,F401
from service_fixtures import service_world  # noqa: E402,F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COMMENTS = Path(__file__).resolve().parents[1] / "data" / "feedback_comments.csv"
SCORE = {"Positive": (10, 1), "Neutral": (8, 3), "Negative": (4, 6)}  # NPS and CES for a comment's sentiment


def _shot(page, name):
    shot(page, f"satisfaction_{name}")


@pytest.fixture
def answered(feedback_world, branch):
    from securities_crm.doctype.survey_response.model import SurveyResponse
    from securities_crm.feedback import responses

    with open(COMMENTS, encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["complaint"] == "no"][:48]
    for i, row in enumerate(rows):
        client = new_client(branch, feedback_world["cm"], 100 + i)
        nps, ces = SCORE[row["sentiment"]]
        answers = {"recommend": nps, "effort": ces, "comment": row["text"]}
        if nps <= 6:
            answers["why_low"] = ["fees"] if row["topic"] == "fees" else ["app"]
        response = responses.submit(feedback_world["nps"], client, answers, channel=("Portal", "Phone", "App")[i % 3])
        on = dt.datetime(2026, 1 + i % 3, 3 + i % 20, 10, tzinfo=dt.UTC)
        SurveyResponse.objects.filter(pk=response.pk).update(submitted_at=on)
    return feedback_world


def test_the_satisfaction_dashboard_in_chinese(page, live_server, answered):
    login(page, live_server, answered["marketing"])
    page.set_viewport_size({"width": 1440, "height": 1000})
    page.goto(f"{live_server.url}/app/securities_crm/improvementaction/satisfaction/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.locator('[data-testid="satisfaction-dashboard"]').wait_for()
    assert "48" in page.locator('[data-figure="nps"]').inner_text()  # its n
    cloud = page.locator('[data-testid="word-cloud"]')
    cloud.wait_for()
    page.wait_for_function("document.querySelector('[data-testid=word-cloud]').naturalWidth > 0")
    assert page.locator('[data-figure="drivers"] table').count() == 1
    assert page.locator('[data-figure="topics"]').inner_text().count("2026-0") == 3
    _shot(page, "dashboard")
    page.click('a[href="?period=quarter"]')
    page.locator('[data-figure="trend"]').wait_for()
    assert "2026Q1" in page.locator('[data-figure="trend"]').inner_text()
    with page.expect_download() as download:
        page.click('[data-testid="export-xlsx"]')
    assert download.value.suggested_filename == "satisfaction.xlsx"
