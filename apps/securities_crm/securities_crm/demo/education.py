"""Demo investor education: a few published items (a guide, a market analysis with its disclaimer, a
mandatory risk notice, one for aggressive investors only), one in review with a banned phrase for Compliance
to find, and an options knowledge test. Written by the demo's Marketing login, approved by its Compliance
login. A second run creates nothing."""

from django.contrib.auth.models import User

from ..core import session, workflow
from ..doctype.education_content.model import EducationContent
from ..doctype.knowledge_test.model import KnowledgeTest
from ..doctype.knowledge_test_question.model import KnowledgeTestQuestion
from . import step

ITEMS = [
    (
        "新手必读：股票交易基础",
        "Guide",
        {},
        "<h3>交易时间</h3><p>A股连续竞价时间为9:30–11:30、13:00–14:57。</p><p>买入以100股为一手。</p>",
    ),
    ("三月市场展望", "Market Analysis", {}, "<p>市场维持震荡，关注业绩确定性较高的板块。</p>"),
    (
        "股票期权交易风险揭示",
        "Risk Notice",
        {"mandatory": True},
        "<p>期权交易具有杠杆效应，买方可能损失全部权利金，卖方可能面临无限亏损。</p>",
    ),
    ("进取型投资者：可转债策略", "Article", {"risk_levels": ["C4", "C5"]}, "<p>可转债兼具债性与股性，波动较大。</p>"),
]
IN_REVIEW = ("打新攻略", "Guide", {}, "<p>新股申购几乎稳赚，中签后上市首日卖出。</p>")
QUESTIONS = [
    ("认购期权的买方最大损失是？", [("A", "全部权利金"), ("B", "无限"), ("C", "零")], ["A"], 40),
    ("期权合约到期后未行权会怎样？", [("A", "自动展期"), ("B", "作废"), ("C", "转为股票")], ["B"], 30),
    ("以下哪些属于期权交易的风险？", [("A", "杠杆风险"), ("B", "流动性风险"), ("C", "保本保息")], ["A", "B"], 30),
]


def _write(author, title, kind, extra, body):
    doc = EducationContent(title=title, kind=kind, body=body, channels=["Portal", "App"], **extra)
    with session.acting_as(author.username):
        doc.author = author
        doc.save()
    return doc


@step(65)
def education(ctx):
    author = User.objects.filter(username="marketing").first()
    approver = User.objects.filter(username="compliance").first()
    if author is None or approver is None or EducationContent.objects.exists():
        return
    for title, kind, extra, body in ITEMS:
        doc = _write(author, title, kind, extra, body)
        workflow.apply(doc, "submit", author)
        workflow.apply(doc, "approve", approver)
        workflow.apply(doc, "publish", approver)
    workflow.apply(_write(author, *IN_REVIEW), "submit", author)
    test = KnowledgeTest(code="OPTIONS", title="股票期权投资者知识测试", purpose="Options", pass_mark=60)
    test.save()
    for idx, (text, options, correct, score) in enumerate(QUESTIONS):
        rows = [{"key": k, "text": t} for k, t in options]
        KnowledgeTestQuestion(test=test, idx=idx, text=text, options=rows, correct=correct, score=score).save()
    test.is_active = True
    test.save()
    if not ctx.quiet:
        print(f"education: {len(ITEMS) + 1} content items, 1 knowledge test")
