"""The demo's investor education: published items approved by the demo's Compliance login, one in review whose
banned phrase the review finds, an active options test; a second run adds nothing."""

from client_fixtures import english  # noqa: F401

from securities_crm import demo
from securities_crm.doctype.education_content.model import EducationContent
from securities_crm.doctype.knowledge_test.model import KnowledgeTest
from securities_crm.education import content as contents


def test_the_demo_education(db):
    ctx = demo.Context(clients=30, quiet=True, password="demo-pass-123")
    demo.run(ctx)
    live = EducationContent.objects.live()
    assert live.count() == 4 and {d.approved_by.username for d in live} == {"compliance"}
    assert live.get(kind="Market Analysis").disclaimer
    waiting = EducationContent.objects.get(status="In Review")
    assert [h.phrase for h in contents.review(waiting).hits] == ["稳赚"]
    assert KnowledgeTest.objects.get(code="OPTIONS").is_active
    demo.run(ctx)
    assert EducationContent.objects.count() == 5
