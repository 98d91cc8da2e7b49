"""Chinese comment analysis (feedback/text.py): it runs over the 200 labelled comments and gives the same
result every time; the finance dictionary keeps our words whole; negation turns a word over; a complaint
needs a marker and a negative comment. Accuracy is bench/sentiment.py's business, not a test's."""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from securities_crm.feedback import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "doctype"))
from feedback_fixtures import CSAT_QUESTIONS, feedback_world, make_survey  # noqa: E402,F401
from service_fixtures import service_world  # noqa: E402,F401

DATA = Path(__file__).resolve().parents[1] / "data" / "feedback_comments.csv"


def _comments():
    with open(DATA, encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_the_pipeline_runs_over_every_labelled_comment():
    rows = _comments()
    assert len(rows) == 200
    for row in rows:
        result = text.analyse(row["text"])
        assert result.sentiment in (text.POSITIVE, text.NEUTRAL, text.NEGATIVE)
        assert -1 < result.sentiment_score < 1
        assert result.tokens and result.keywords
        assert text.topics(result.keywords) == result.topics  # topics are read back from the stored keywords
        assert result.negative == (result.sentiment == text.NEGATIVE)


def test_the_same_comments_give_the_same_result_in_another_process():
    """Determinism across processes (hash seeds differ): the whole analysis of the corpus, printed twice."""
    script = (
        "import csv,json,sys;from securities_crm.feedback import text;"
        f"rows=list(csv.DictReader(open({str(DATA)!r},encoding='utf-8')));"
        "print(json.dumps([text.analyse(r['text']).__dict__ for r in rows],ensure_ascii=False));"
        "print(json.dumps([text.corpus_keywords([r['text'] for r in rows],30),text.topic_counts([r['text'] for r in rows])],ensure_ascii=False))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, **_env()},
        ).stdout
        for seed in ("1", "2")
    }
    assert len(runs) == 1
    assert '"sentiment"' in runs.pop()


def _env():
    import os

    return {k: v for k, v in os.environ.items() if k != "PYTHONHASHSEED"}


def test_the_finance_dictionary_keeps_our_words_whole():
    toks = text.tokens("两融利率和科创板佣金，银证转账后App闪退")
    for word in ("两融", "科创板", "佣金", "银证转账", "闪退"):
        assert word in toks


def test_negation_and_intensity():
    assert text.analyse("客服很专业").sentiment == text.POSITIVE
    assert text.analyse("客服不专业").sentiment == text.NEGATIVE
    assert text.analyse("一点也不满意").sentiment == text.NEGATIVE
    assert text.analyse("没有卡顿，很流畅").sentiment == text.POSITIVE
    assert text.analyse("今天提交了开户申请").sentiment == text.NEUTRAL
    assert text.analyse("很满意").sentiment_score > text.analyse("满意").sentiment_score


def test_keywords_topics_and_complaints():
    result = text.analyse("两融利率太高了，佣金也比别家贵，我要投诉！")
    assert result.sentiment == text.NEGATIVE and result.complaint
    assert "投诉" in result.markers and {"fees", "account"} <= set(result.topics)
    assert "佣金" in result.keywords and "了" not in result.keywords
    assert not text.analyse("本来想投诉的，客服主动道歉还解决了问题，谢谢").complaint  # a marker, but pleased
    assert not text.analyse("App经常闪退").complaint  # negative, but no complaint marker
    assert text.analyse("") == text.Analysis()


def test_corpus_keywords_and_topics_are_sorted_by_weight_then_word():
    texts = [r["text"] for r in _comments()]
    words = text.corpus_keywords(texts, 10)
    assert len(words) == 10 and [w for w, _ in words] == [w for w, _ in sorted(words, key=lambda kv: (-kv[1], kv[0]))]
    counts = dict(text.topic_counts(texts))
    assert set(counts) <= set(text.lexicon()["topics"]) and counts["app"] > 10


# --- the hooks on Survey Response (hooks.py → feedback/comments.py) -----------------------------
@pytest.mark.django_db
def test_a_response_is_analysed_and_a_complaint_opens_one_ticket(feedback_world):
    from securities_crm.doctype.complaint.model import Complaint
    from securities_crm.doctype.service_ticket.model import ServiceTicket
    from securities_crm.feedback import responses

    client = feedback_world["clients"]["a"]
    survey = feedback_world["csat"]
    calm = responses.submit(survey, client, {"csat": 5, "comment": "客服很耐心，问题一次就解决了"})
    assert (calm.sentiment, calm.sentiment_score > 0) == ("Positive", True)
    assert "耐心" in calm.keywords and "service" in text.topics(calm.keywords)
    assert not ServiceTicket.objects.exists()

    comment = "乱收费，多扣了我两百元佣金，我要投诉！"
    angry = responses.submit(survey, client, {"csat": 1, "comment": comment})
    angry.refresh_from_db()
    assert angry.sentiment == "Negative" and angry.sentiment_score < 0
    ticket = ServiceTicket.objects.get()
    assert ticket.client == client and ticket.is_complaint and angry.pk in ticket.subject
    assert Complaint.objects.filter(ticket=ticket).count() == 1
    assert ticket.messages.get().body == comment  # stored as the client wrote it

    angry.answers = {"csat": 1, "comment": comment + "快处理"}
    angry.save()  # saved again: analysed again, still one ticket
    assert ServiceTicket.objects.count() == 1


@pytest.mark.django_db
def test_a_comment_that_turns_into_a_complaint_on_resubmission_opens_its_ticket(feedback_world):
    from securities_crm.doctype.care_task.model import CareTask
    from securities_crm.doctype.service_ticket.model import ServiceTicket
    from securities_crm.feedback import responses

    client = feedback_world["clients"]["a"]
    task = CareTask(client=client, subject="回访", due_on="2026-03-02")
    task.save()
    context = dict(context_doctype="Care Task", context_name=task.pk)
    first = responses.submit(feedback_world["csat"], client, {"csat": 3, "comment": "还行"}, **context)
    assert first.sentiment == "Neutral" and not ServiceTicket.objects.exists()
    again = responses.submit(
        feedback_world["csat"], client, {"csat": 1, "comment": "经理诱导我买产品，我要投诉"}, **context
    )
    assert again.pk == first.pk and again.sentiment == "Negative"
    assert ServiceTicket.objects.filter(subject__contains=first.pk).count() == 1
