"""Shared steps for the portal tests."""

import re

from django.core import mail

# Full capacity, 26-50, ¥100-500k, ¥0.5-3M, debt <20%, 2-5 years, good knowledge, steady growth, 1-5 years,
# 10-30% loss, cash + fixed income + equity: 29 points -> C3, horizon Medium (as tests/browser/test_assessment_desk.py).
C3_ANSWERS = {
    "Q1": "A",
    "Q2": "B",
    "Q3": "B",
    "Q4": "B",
    "Q5": "B",
    "Q6": "C",
    "Q7": "C",
    "Q8": "C",
    "Q9": "B",
    "Q10": "C",
    "Q11": ["A", "B", "C"],
}


def last_code() -> str:
    """The six-digit code in the newest email (Django's locmem backend in tests)."""
    return re.search(r"\b(\d{6})\b", mail.outbox[-1].body).group(1)


def take_assessment(client, answers=C3_ANSWERS):
    """Answer every question through the portal pages, submit, and return the result page's response."""
    client.post("/portal/assessment/start/")
    for number, (code, answer) in enumerate(answers.items(), start=1):
        response = client.post(
            f"/portal/assessment/q/{number}/", {"answer": answer if isinstance(answer, list) else [answer]}
        )
        assert response.status_code == 302, (code, response.content.decode()[:500])
    return client.post("/portal/assessment/review/", follow=True)
