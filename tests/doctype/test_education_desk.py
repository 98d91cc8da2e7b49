"""The education DocTypes' desk pages open for the roles that read them, and the content form saves a draft
whose author is the signed-in user, with its body sanitised."""

import pytest
from client_fixtures import desk_for, english, world  # noqa: F401
from education_fixtures import content, knowledge_test

from securities_crm.doctype.content_read.model import ContentRead
from securities_crm.doctype.education_content.model import EducationContent
from securities_crm.education import knowledge, reading

pytestmark = pytest.mark.django_db
PAGES = (
    "educationcontent",
    "bannedphrase",
    "educationsettings",
    "contentread",
    "knowledgetest",
    "knowledgetestattempt",
)


def test_every_education_page_opens(world):
    users, clients = world
    doc = content(users["marketing"])
    test = knowledge_test()
    attempt = knowledge.start(clients["a1"], test)
    read = reading.opened(clients["a1"], doc)
    records = {
        "educationcontent": doc.pk,
        "knowledgetest": test.pk,
        "knowledgetestattempt": attempt.pk,
        "contentread": read.pk,
        "knowledgetestquestion": test.question_rows.first().pk,
    }
    for role in ("admin", "compliance"):
        desk = desk_for(users[role])
        for page in PAGES:
            assert desk.get(f"/app/securities_crm/{page}/").status_code == 200, (role, page)
            if page in records:
                url = f"/app/securities_crm/{page}/{records[page]}/change/"
                assert desk.get(url).status_code == 200, (role, url)
        assert desk.get("/app/securities_crm/educationcontent/add/").status_code == 200
    assert desk_for(users["cm_a"]).get("/app/securities_crm/educationcontent/").status_code == 200
    questions = desk_for(users["compliance"]).get("/app/securities_crm/knowledgetestquestion/").content.decode()
    assert "A. 甲 / B. 乙 / C. 丙" in questions and '"key"' not in questions
    assert ContentRead.objects.count() == 1


def test_the_desk_form_writes_a_draft_with_its_author(world):
    users, _clients = world
    desk = desk_for(users["marketing"])
    response = desk.post(
        "/app/securities_crm/educationcontent/add/",
        {
            "title": "基金定投入门",
            "kind": "Guide",
            "language": "zh-hans",
            "body": "<p>定投<script>x()</script></p>",
            "risk_levels": ["C1", "C2"],
            "channels": ["Portal", "WeChat"],
            "attachments": "[]",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    doc = EducationContent.objects.get(title="基金定投入门")
    assert doc.author == users["marketing"] and doc.status == "Draft" and "<script" not in doc.body
    assert (doc.risk_levels, doc.investor_types, doc.channels) == (["C1", "C2"], [], ["Portal", "WeChat"])
