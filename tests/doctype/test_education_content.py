"""Education Content: the compliance review (two persons, Compliance only), banned phrases shown where they
stand, the risk disclaimer, sanitising, versions, and the audience (a C1 client gets 404 for what is not theirs)."""

import pytest
from client_fixtures import desk_for, english, world  # noqa: F401
from django.core.exceptions import ValidationError
from education_fixtures import content, published

from securities_crm.core import workflow
from securities_crm.doctype.banned_phrase.model import BannedPhrase
from securities_crm.doctype.client.model import Client
from securities_crm.doctype.education_content.model import EducationContent
from securities_crm.doctype.education_settings.model import EducationSettings
from securities_crm.doctype.product.model import Product
from securities_crm.education import content as contents

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(world):
    users, clients = world
    return users["marketing"], users["compliance"], users, clients


def test_the_default_banned_phrases_are_data():
    phrases = set(BannedPhrase.objects.values_list("phrase", flat=True))
    assert {"保本", "稳赚", "无风险", "零风险"} <= phrases


def test_the_body_is_sanitised_on_save(people):
    author, *_ = people
    doc = content(author, body='<p onclick="steal()">好</p><script>alert(1)</script><a href="javascript:x()">链</a>')
    doc.refresh_from_db()
    assert "<script" not in doc.body and "onclick" not in doc.body and "javascript:" not in doc.body
    assert "<p>好</p>" in doc.body
    doc.body = "<img src=x onerror=alert(1)>"  # a later save, by any route, is cleaned too
    doc.save()
    assert "onerror" not in EducationContent.objects.get(pk=doc.pk).body


def test_approval_needs_a_compliance_officer_who_is_not_the_author(people, make_user, branch):
    author, compliance, users, _clients = people
    doc = content(author)
    workflow.apply(doc, "submit", author)
    with pytest.raises(ValidationError) as not_compliance:
        workflow.apply(doc, "approve", users["cm_a"])
    assert "status" in not_compliance.value.message_dict
    both = make_user("both", roles=["Compliance Officer", "Marketing"], branch=branch)
    own = content(both, title="自己写的")
    workflow.apply(own, "submit", both)
    with pytest.raises(ValidationError) as self_approval:
        workflow.apply(own, "approve", both)
    assert "approved_by" in self_approval.value.message_dict
    assert EducationContent.objects.get(pk=own.pk).status == "In Review"
    workflow.apply(own, "approve", compliance)  # a second person
    workflow.apply(doc, "approve", compliance)
    doc.refresh_from_db()
    assert doc.status == "Approved" and doc.approved_by == compliance and doc.author == author


def test_the_author_comes_from_the_request_not_the_body(people):
    author, compliance, users, _ = people
    browser = desk_for(author)
    body = {"title": "债券入门", "kind": "Guide", "body": "<p>债券</p>", "channels": ["Portal"]}
    url = "/api/resource/Education Content"
    forged = browser.post(url, {**body, "author": compliance.username}, content_type="application/json")
    assert forged.status_code == 417 and "set by the system" in forged.json()["exception"]
    made = browser.post(url, body, content_type="application/json")
    assert made.status_code == 200, made.content
    assert EducationContent.objects.get(title="债券入门").author == author


def test_rejection_goes_back_to_draft_with_a_reason(people):
    author, compliance, *_ = people
    doc = content(author)
    workflow.apply(doc, "submit", author)
    with pytest.raises(ValidationError) as no_reason:
        workflow.apply(doc, "reject", compliance)
    assert "rejection_reason" in no_reason.value.message_dict
    workflow.apply(doc, "reject", compliance, "数据来源未注明")
    doc.refresh_from_db()
    assert doc.status == "Draft" and doc.rejection_reason == "数据来源未注明"
    assert doc.transitions[-1]["by"] == compliance.username


def test_banned_phrases_block_the_approval_and_say_where(people):
    author, compliance, *_ = people
    doc = content(author, body="<p>本产品<b>保本</b>保息，长期持有稳赚不赔，几乎零风险。</p>")
    workflow.apply(doc, "submit", author)
    with pytest.raises(ValidationError) as blocked:
        workflow.apply(doc, "approve", compliance)
    message = blocked.value.message_dict["body"][0]
    for phrase in ("保本", "稳赚不赔", "零风险"):  # the longest match wins: 稳赚不赔, not 稳赚
        assert f"“{phrase}”" in message
    text = doc.reviewed_text
    assert f"character {text.index('保本') + 1}" in message and "本产品【保本】保息" in message
    assert EducationContent.objects.get(pk=doc.pk).status == "In Review"
    # the list is data: disabling a phrase lets the approval through once the others are gone
    BannedPhrase.objects.filter(phrase="零风险").update(enabled=False)
    workflow.apply(doc, "reject", compliance, "删去禁用语")
    doc.body = "<p>本产品不承诺收益，几乎零风险。</p>"
    doc.save()
    workflow.apply(doc, "submit", author)
    workflow.apply(doc, "approve", compliance)
    assert doc.status == "Approved"


def test_the_review_page_marks_each_phrase(people):
    author, *_ = people
    doc = content(author, body="<p>这是<i>无风险</i>的 <script>x</script></p>")
    review = contents.review(doc)
    assert [h.phrase for h in review.hits] == ["无风险"]
    assert '<mark class="banned"' in review.text_marked and "<script" not in review.text_marked


def test_market_analysis_and_product_content_carry_the_disclaimer(people):
    author, *_ = people
    settings = EducationSettings.get_solo()
    analysis = content(author, kind="Market Analysis")
    assert analysis.disclaimer == settings.disclaimer_zh and settings.disclaimer_zh in analysis.rendered
    english = content(author, kind="Market Analysis", language="en", title="Weekly view")
    assert english.disclaimer == settings.disclaimer_en
    product = Product(product_code="MMF", product_name="货币基金", risk_rating="R1", horizon="Short", variety="Cash")
    product.save()
    about = content(author, kind="Guide", product=product)
    assert about.disclaimer == settings.disclaimer_zh
    guide = content(author, kind="Guide")
    assert guide.disclaimer == "" and "disclaimer" not in guide.rendered
    guide.disclaimer = "改掉"  # server-set: a save recomputes it
    guide.kind = "Market Analysis"
    guide.save()
    assert guide.disclaimer == settings.disclaimer_zh


def test_only_drafts_change_and_published_content_gets_a_new_version(people):
    author, compliance, *_ = people
    first = published(author, compliance, title="风险揭示", kind="Risk Notice", mandatory=True)
    first.body = "<p>改了</p>"
    with pytest.raises(ValidationError) as frozen:
        first.save()
    assert "body" in frozen.value.message_dict
    first.refresh_from_db()
    second = contents.new_version(first)
    assert (second.version, second.previous_version, second.family, second.status) == (2, first, first.family, "Draft")
    assert contents.new_version(first) == second  # one draft at a time
    second.body = "<p>第二版</p>"
    second.save()
    assert EducationContent.objects.live().filter(family=first.family).get() == first  # still the live one
    workflow.apply(second, "submit", author)
    workflow.apply(second, "approve", compliance)
    workflow.apply(second, "publish", compliance)
    first.refresh_from_db()
    assert first.superseded and first.status == "Published"  # kept
    assert EducationContent.objects.live().filter(family=first.family).get() == second


def test_a_c1_client_never_sees_content_outside_their_audience(people, client):
    author, compliance, users, clients = people
    Client.objects.filter(pk=clients["a1"].pk).update(risk_level="C1", investor_type="Ordinary")
    for_all = published(author, compliance, title="人人可读")
    for_bold = published(author, compliance, title="进取型策略", risk_levels=["C4", "C5"])
    window_over = published(author, compliance, title="已下线", publish_until="2020-01-01T00:00:00Z")
    me = Client.objects.get(pk=clients["a1"].pk)
    visible = set(EducationContent.objects.for_client(me).values_list("title", flat=True))
    assert visible == {"人人可读"}
    client.force_login(users["portal"])
    assert client.get(f"/portal/learning/{for_all.pk}/").status_code == 200
    assert client.get(f"/portal/learning/{for_bold.pk}/").status_code == 404
    assert client.get(f"/portal/learning/{window_over.pk}/").status_code == 404
    listing = client.get("/portal/learning/").content.decode()
    assert "人人可读" in listing and "进取型策略" not in listing


def test_the_wechat_export_is_sanitised_html_with_the_disclaimer(people):
    author, *_ = people
    doc = content(author, kind="Market Analysis", body='<p>周评</p><iframe src="https://x"></iframe>')
    page = contents.wechat_html(doc)
    assert "<iframe" not in page and "周评" in page and doc.disclaimer in page


def test_the_desk_review_side_by_side(people):
    author, compliance, users, _ = people
    first = published(author, compliance, title="新股申购指南", body="<p>第一版</p>")
    second = contents.new_version(first)
    second.body = "<p>第二版：打新<b>稳赚</b></p>"
    second.save()
    desk_for(author).post(f"/app/securities_crm/educationcontent/{second.pk}/review/", {"action": "submit"})
    second.refresh_from_db()
    assert second.status == "In Review"
    desk = desk_for(compliance)
    url = f"/app/securities_crm/educationcontent/{second.pk}/review/"
    page = desk.get(url).content.decode()
    assert 'data-testid="previous"' in page and "第一版" in page and "第二版" in page
    assert '<mark class="banned"' in page and "稳赚" in page
    blocked = desk.post(url, {"action": "approve"}).content.decode()
    assert 'data-testid="review-error"' in blocked and "“稳赚”" in blocked
    assert EducationContent.objects.get(pk=second.pk).status == "In Review"
    assert desk_for(author).post(url, {"action": "approve"}).status_code == 403  # Marketing cannot approve
    desk.post(url, {"action": "reject", "reason": "删去“稳赚”"})
    assert EducationContent.objects.get(pk=second.pk).status == "Draft"
    wechat = desk.get(f"/app/securities_crm/educationcontent/{first.pk}/wechat/")
    assert wechat["Content-Disposition"].startswith("attachment") and "第一版" in wechat.content.decode()
