"""Shared helpers for the feedback tests: a relationship NPS survey with skip logic, and a CSAT survey."""

import pytest

NPS_QUESTIONS = [
    {
        "key": "recommend",
        "type": "NPS",
        "label_zh": "您有多大可能向朋友推荐我们？",
        "label_en": "How likely are you to recommend us?",
        "required": True,
    },
    {
        "key": "why_low",
        "type": "Multiple Choice",
        "label_zh": "哪些方面让您不满意？",
        "label_en": "What disappointed you?",
        "required": True,
        "options": [
            {"value": "fees", "label_zh": "佣金费用", "label_en": "Fees"},
            {"value": "app", "label_zh": "交易软件", "label_en": "The app"},
            {"value": "adviser", "label_zh": "投资顾问", "label_en": "The adviser"},
        ],
        "show_if": {"question": "recommend", "in": [0, 1, 2, 3, 4, 5, 6]},
    },
    {"key": "effort", "type": "CES", "label_zh": "办理业务是否省力？", "label_en": "How easy was it?"},
    {"key": "stars", "type": "Rating", "label_zh": "给营业部打分", "label_en": "Rate your branch", "max": 5},
    {
        "key": "channel",
        "type": "Single Choice",
        "label_zh": "您最常用的渠道",
        "label_en": "Your usual channel",
        "options": [
            {"value": "app", "label_zh": "手机App", "label_en": "Mobile app"},
            {"value": "branch", "label_zh": "营业部", "label_en": "Branch"},
        ],
    },
    {"key": "comment", "type": "Free Text", "label_zh": "其他意见", "label_en": "Anything else?"},
]

CSAT_QUESTIONS = [
    {
        "key": "csat",
        "type": "CSAT",
        "label_zh": "您对本次服务满意吗？",
        "label_en": "How satisfied are you?",
        "required": True,
    },
    {"key": "comment", "type": "Free Text", "label_zh": "意见", "label_en": "Comment"},
]


def make_survey(name="关系型NPS调查", questions=None, status="Open", **fields):
    from securities_crm.doctype.survey.model import Survey

    survey = Survey(survey_name=name, questions=questions or NPS_QUESTIONS, status=status, **fields)
    survey.save()
    return survey


@pytest.fixture
def feedback_world(service_world, make_user, branch):
    world = dict(service_world)
    world["marketing"] = make_user("mkt_fb", roles=["Marketing"], branch=branch)
    world["nps"] = make_survey()
    world["csat"] = make_survey("服务满意度", CSAT_QUESTIONS, trigger="Ticket Resolved")
    return world
