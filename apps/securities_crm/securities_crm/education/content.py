"""Education content's services: new versions of published content, the audience as clients, the
compliance review's side-by-side view (banned phrases highlighted where they stand) and the WeChat
article export.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ..doctype.banned_phrase.model import Hit, find, plain_text
from ..doctype.client.model import Client, ClientStatus
from ..doctype.education_content.model import CONTENT_FIELDS, ContentStatus, EducationContent

# What a new version copies from the one it follows (the content, its audience and its channels).
COPIED = (
    *CONTENT_FIELDS,
    "video_url",
    "risk_levels",
    "investor_types",
    "channels",
    "mandatory",
    "publish_from",
    "publish_until",
)


def new_version(doc: EducationContent) -> EducationContent:
    """A draft that re-edits `doc`, numbered after the family's latest; `doc` stays as it is until the new
    version is published (then it is superseded)."""
    if doc.status == ContentStatus.DRAFT:
        raise ValidationError(
            {"status": _("A draft can be edited as it is; a new version is for content under review or published.")}
        )
    with transaction.atomic():
        family = EducationContent.objects.select_for_update().filter(family=doc.family).order_by("-version")
        latest = family.first()
        if latest is not None and latest.status == ContentStatus.DRAFT:
            return latest  # one draft at a time: editing again continues it
        draft = EducationContent(
            **{f: getattr(doc, f) for f in COPIED},
            family=doc.family,
            version=(latest.version if latest else doc.version) + 1,
            previous_version=doc,
        )
        draft.save()
        draft.segments.set(doc.segments.all())
    return draft


def audience(doc: EducationContent) -> QuerySet:
    """The active clients the content is for (its audience; an empty criterion is everyone)."""
    rows = Client.objects.filter(status=ClientStatus.ACTIVE)
    if doc.risk_levels:
        rows = rows.filter(risk_level__in=doc.risk_levels)
    if doc.investor_types:
        rows = rows.filter(investor_type__in=doc.investor_types)
    segment_ids = list(doc.segments.values_list("pk", flat=True))
    if segment_ids:
        rows = rows.filter(
            Q(segment_memberships__segment_id__in=segment_ids, segment_memberships__left_on__isnull=True)
        ).distinct()
    return rows


def highlighted(text: str, hits: list[Hit]) -> SafeString:
    """`text` escaped, with each banned phrase in a <mark> (the reviewer sees it where it stands)."""
    out, at = [], 0
    label = escape(_("Banned phrase"))
    for hit in hits:
        out.append(escape(text[at : hit.start]))
        out.append(f'<mark class="banned" title="{label}">{escape(hit.phrase)}</mark>')
        at = hit.end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 (every piece is escaped above)


@dataclass
class Review:
    doc: EducationContent
    previous: EducationContent | None
    text: str
    hits: list[Hit]

    @property
    def text_marked(self) -> SafeString:
        return highlighted(self.text, self.hits)

    @property
    def rendered(self) -> SafeString:
        return mark_safe(self.doc.rendered)  # noqa: S308 (sanitised by nh3 in EducationContent.rendered)

    @property
    def previous_rendered(self) -> SafeString | None:
        return mark_safe(self.previous.rendered) if self.previous else None  # noqa: S308 (nh3, as above)


def review(doc: EducationContent) -> Review:
    text = doc.reviewed_text
    return Review(doc=doc, previous=doc.previous_version, text=text, hits=find(text))


def wechat_html(doc: EducationContent) -> str:
    """A self-contained HTML article to paste into the WeChat official-account editor: inline styles only
    (the editor drops <style> and classes), the sanitised body and the disclaimer."""
    cover = f'<p><img src="{escape(doc.cover_image)}" style="width:100%"></p>' if doc.cover_image else ""
    disclaimer = (
        f'<p style="margin-top:24px;padding:12px;background:#f6f6f6;color:#666;font-size:13px">{escape(doc.disclaimer)}</p>'
        if doc.disclaimer
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{escape(doc.title)}</title></head><body>"
        f'<section style="font-size:16px;line-height:1.75;color:#333">'
        f'<h1 style="font-size:22px">{escape(doc.title)}</h1>{cover}'
        f"{nh3.clean(doc.body or '')}{disclaimer}</section></body></html>"
    )


def excerpt(doc: EducationContent, length: int = 80) -> str:
    return doc.summary or plain_text(doc.body)[:length]
