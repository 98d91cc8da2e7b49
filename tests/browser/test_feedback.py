"""Feedback in Debian's Chromium, in Chinese: a client fills a survey on a phone (the skip logic shows the
follow-up question only to a detractor), and Marketing sees the builder's preview in Chinese and English.
Leaves tests/artifacts/feedback_*.png for a person to look at."""

import sys
from pathlib import Path

import pytest
from browser_helpers import login, shot

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from feedback_fixtures import feedback_world, make_survey  # noqa: E402,F401
from service_fixtures import service_world  # noqa: E402,F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _shot(page, name):
    shot(page, f"feedback_{name}")


def test_a_client_fills_a_survey_on_a_phone(page, live_server, feedback_world):
    from securities_crm.doctype.care_task.model import CareTask
    from securities_crm.doctype.survey_response.model import SurveyResponse

    survey = make_survey("客户意见反馈", intro_zh="感谢您抽出一分钟告诉我们您的想法。", intro_en="Thank you.")
    page.set_viewport_size(PHONE)
    login(page, live_server, feedback_world["portal"])
    page.goto(f"{live_server.url}/portal/feedback/")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    page.click(f'a[href="/portal/feedback/survey/{survey.pk}/"]')
    follow_up = page.locator('[data-testid="q-why_low"]')
    assert follow_up.is_hidden()  # shown only to a detractor
    page.locator('[data-testid="q-recommend"] label.choice', has_text="9").first.click()
    assert follow_up.is_hidden()
    page.locator('[data-testid="q-recommend"] label.choice').nth(5).click()  # 5: a detractor
    follow_up.wait_for(state="visible")
    page.locator('[data-testid="q-why_low"] label.choice', has_text="佣金费用").click()
    page.locator('[data-testid="q-channel"] label.choice', has_text="手机App").click()
    page.fill('textarea[name="comment"]', "佣金比别家高，希望能有优惠。")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"]  # nothing wider than the phone
    _shot(page, "portal_survey_phone")
    page.click('[data-testid="send-survey"]')
    page.locator('[data-testid="survey-response"]').wait_for()
    _shot(page, "portal_my_response_phone")
    response = SurveyResponse.objects.get()
    assert response.nps_score == 5 and response.answers["why_low"] == ["fees"] and response.channel == "Portal"
    assert CareTask.objects.filter(kind="feedback", client=feedback_world["clients"]["a"]).count() == 1


def test_the_builder_previews_in_chinese_and_english(page, live_server, feedback_world):
    survey = feedback_world["nps"]
    page.set_viewport_size({"width": 1400, "height": 1000})
    login(page, live_server, feedback_world["marketing"])
    page.goto(f"{live_server.url}/app/securities_crm/survey/{survey.pk}/change/")
    zh = page.frame_locator("#survey-preview-zh")
    zh.locator("text=您有多大可能向朋友推荐我们").wait_for()
    page.frame_locator("#survey-preview-en").locator("text=How likely are you to recommend us").wait_for()
    text = page.input_value("#id_questions").replace('"Rating"', '"Slider"')
    page.fill("#id_questions", text)
    page.locator("#survey-preview-errors", has_text="stars").wait_for()
    _shot(page, "desk_builder")
