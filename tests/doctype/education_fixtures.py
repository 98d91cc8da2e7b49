"""Helpers for the investor-education tests: content written by Marketing and reviewed by Compliance, and a
knowledge test with three questions worth 40, 30 and 30."""

from securities_crm.core import session, workflow


def content(author, title="如何看懂K线", body="<p>K线由开盘价、收盘价、最高价和最低价组成。</p>", **fields):
    from securities_crm.doctype.education_content.model import EducationContent

    fields.setdefault("channels", ["Portal"])
    doc = EducationContent(title=title, body=body, **fields)
    with session.acting_as(author.username):
        doc.author = author
        doc.save()
    return doc


def published(author, approver, **fields):
    doc = content(author, **fields)
    workflow.apply(doc, "submit", author)
    workflow.apply(doc, "approve", approver)
    workflow.apply(doc, "publish", approver)
    return doc


def knowledge_test(code="OPT", pass_mark=60, max_attempts=3, minutes=30, version=1):
    from securities_crm.doctype.knowledge_test.model import KnowledgeTest
    from securities_crm.doctype.knowledge_test_question.model import KnowledgeTestQuestion

    test = KnowledgeTest(
        code=code,
        version=version,
        title="期权知识测试",
        purpose="Options",
        pass_mark=pass_mark,
        max_attempts=max_attempts,
        time_limit_minutes=minutes,
    )
    test.save()
    options = [{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}, {"key": "C", "text": "丙"}]
    for idx, (correct, score) in enumerate(((["A"], 40), (["B"], 30), (["A", "C"], 30))):
        KnowledgeTestQuestion(
            test=test, idx=idx, text=f"问题{idx + 1}", options=options, correct=correct, score=score
        ).save()
    test.is_active = True
    test.save()
    return test


def answers(test, right=(True, True, True)):
    """Answers to the three questions, each right or wrong as asked."""
    rows = list(test.question_rows.all())
    return {str(q.pk): (q.correct if ok else ["B"] if q.correct != ["B"] else ["A"]) for q, ok in zip(rows, right)}
