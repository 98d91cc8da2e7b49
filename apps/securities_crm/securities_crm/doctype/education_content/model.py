"""Education Content (投资者教育内容): guides, market analyses, risk notices, policy interpretations, videos
and articles, for an audience (segments, risk levels, investor types) on some channels, in a publish window.

★ Compliance review: Draft → In Review → Approved → Published, and back to Draft with a reason. The
approver is a Compliance Officer who is not the author (the author is the user who created it, from the
request). Banned phrases (Banned Phrase, data) block the approval and are named with where they stand.
★ Market analyses and product content carry the risk disclaimer of Education Settings, appended on save.
The body is sanitised with nh3 on every save, so no route can store markup a page would run.
Versions: only a draft changes; a published item is re-edited as a new version (education/content.py),
and the previous one stays, superseded when the new one is published.
"""

from __future__ import annotations

import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core import session
from ...core.document import Document, doctype
from ...core.workflow import Transition, Workflow
from ...permissions.roles import COMPLIANCE_OFFICER, MARKETING, user_roles
from ..banned_phrase.model import Hit, find, plain_text
from ..client.model import InvestorType, RiskLevel
from ..education_settings.model import EducationSettings
from ..segment_membership.model import SegmentMembership


class ContentKind(models.TextChoices):
    GUIDE = "Guide", _("Guide")
    MARKET_ANALYSIS = "Market Analysis", _("Market Analysis")
    RISK_NOTICE = "Risk Notice", _("Risk Notice")
    POLICY = "Policy Interpretation", _("Policy Interpretation")
    VIDEO = "Video", _("Video")
    ARTICLE = "Article", _("Article")


class ContentStatus(models.TextChoices):
    DRAFT = "Draft", pgettext_lazy("content status", "Draft")
    IN_REVIEW = "In Review", _("In Review")
    APPROVED = "Approved", pgettext_lazy("content status", "Approved")
    PUBLISHED = "Published", _("Published")


class ContentChannel(models.TextChoices):
    PORTAL = "Portal", _("Portal")
    APP = "App", _("App")
    EMAIL = "Email", _("Email")
    WECHAT = "WeChat", _("WeChat Article")


class ContentLanguage(models.TextChoices):
    ZH = "zh-hans", _("Chinese")
    EN = "en", _("English")


# Fields that are the content itself: they change only while it is a draft.
CONTENT_FIELDS = ("title", "kind", "summary", "body", "language", "product", "cover_image", "attachments")

WORKFLOW = Workflow(
    log="transitions",
    owns=("approved_by", "approved_at", "published_at", "rejection_reason", "superseded"),
    reason_field="rejection_reason",
    transitions=(
        Transition(
            "submit", (ContentStatus.DRAFT,), ContentStatus.IN_REVIEW, _("Submit for review"), needs_reason=False
        ),
        Transition(
            "approve",
            (ContentStatus.IN_REVIEW,),
            ContentStatus.APPROVED,
            pgettext_lazy("workflow action", "Approve"),
            right="submit",
            roles=(COMPLIANCE_OFFICER,),
            needs_reason=False,
        ),
        Transition(
            "reject",
            (ContentStatus.IN_REVIEW, ContentStatus.APPROVED),
            ContentStatus.DRAFT,
            pgettext_lazy("workflow action", "Reject"),
            right="submit",
            roles=(COMPLIANCE_OFFICER,),
        ),
        Transition(
            "publish",
            (ContentStatus.APPROVED,),
            ContentStatus.PUBLISHED,
            pgettext_lazy("workflow action", "Publish"),
            roles=(COMPLIANCE_OFFICER, MARKETING),
            needs_reason=False,
        ),
    ),
)


def _choices_list(value, choices, field: str) -> list[str]:
    if value in (None, ""):
        return []
    if not isinstance(value, list) or any(v not in choices for v in value):
        raise ValidationError({field: _t("Choose from: %(choices)s.") % {"choices": ", ".join(choices)}})
    return sorted(set(value), key=list(choices).index)


def banned_hits_message(hits: list[Hit]) -> str:
    where = "; ".join(
        _t("“%(phrase)s” at character %(position)s: %(snippet)s")
        % {"phrase": h.phrase, "position": h.start + 1, "snippet": h.snippet}
        for h in hits
    )
    return _t("Banned phrases block the approval: %(where)s.") % {"where": where}


class ContentQuerySet(models.QuerySet):
    def live(self, now=None):
        """Published, current versions inside their publish window."""
        now = now or timezone.now()
        return self.filter(status=ContentStatus.PUBLISHED, superseded=False).filter(
            Q(publish_from__isnull=True) | Q(publish_from__lte=now),
            Q(publish_until__isnull=True) | Q(publish_until__gt=now),
        )

    def for_client(self, client, now=None, channel: str = ContentChannel.PORTAL):
        """What this client may see: live, on the channel, and in the audience (an empty list is everyone)."""
        mine = set(
            SegmentMembership.objects.filter(client=client, left_on__isnull=True).values_list("segment_id", flat=True)
        )
        rows = list(self.live(now).prefetch_related("segments"))
        ids = [
            c.pk
            for c in rows
            if channel in (c.channels or [])
            and (not c.risk_levels or client.risk_level in c.risk_levels)
            and (not c.investor_types or client.investor_type in c.investor_types)
            and (not c.segments.all() or {s.pk for s in c.segments.all()} & mine)
        ]
        return self.filter(pk__in=ids)


@doctype(
    "Education Content",
    module="Education",
    naming="series:EDU-.YYYY.-.#####",
    title_field="title",
    search_fields=("name", "title", "family"),
    workflow=WORKFLOW,
    server_set=("author", "disclaimer", "version", "previous_version", "family"),
    rights={
        "Marketing": "rwc",
        "Compliance Officer": "rwcse",
        "Client Manager": "r",
        "Branch Manager": "r",
        "Advisor": "r",
        "Service Agent": "r",
    },
)
class EducationContent(Document):
    title = models.CharField(_("Title"), max_length=200)
    kind = models.CharField(_("Kind"), max_length=30, choices=ContentKind.choices, default=ContentKind.ARTICLE)
    status = models.CharField(
        _("Status"), max_length=20, choices=ContentStatus.choices, default=ContentStatus.DRAFT, db_index=True
    )
    language = models.CharField(
        _("Language"), max_length=10, choices=ContentLanguage.choices, default=ContentLanguage.ZH
    )
    summary = models.CharField(pgettext_lazy("content", "Summary"), max_length=500, blank=True)
    body = models.TextField(_("Body"), blank=True, help_text=_("Rich text; unsafe markup is removed on save."))
    disclaimer = models.TextField(
        _("Risk Disclaimer"), blank=True, help_text=_("Appended to market analyses and product content.")
    )
    product = models.ForeignKey(
        "securities_crm.Product",
        verbose_name=_("Product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="education_content",
        help_text=_("Content about a product carries the risk disclaimer."),
    )
    cover_image = models.URLField(_("Cover Image"), max_length=500, blank=True)
    attachments = models.JSONField(
        _("Attachments"), default=list, blank=True, help_text=_('Links to files: [{"label": ..., "url": ...}].')
    )
    video_url = models.URLField(_("Video Link"), max_length=500, blank=True)
    # audience: empty means everyone
    segments = models.ManyToManyField(
        "securities_crm.Segment", verbose_name=_("Segments"), blank=True, related_name="education_content"
    )
    risk_levels = models.JSONField(_("Risk Levels"), default=list, blank=True)
    investor_types = models.JSONField(_("Investor Types"), default=list, blank=True)
    channels = models.JSONField(_("Channels"), default=list, blank=True)
    mandatory = models.BooleanField(
        _("Acknowledgement Required"),
        default=False,
        help_text=_("Clients in the audience must confirm in the portal that they have read it."),
    )
    publish_from = models.DateTimeField(_("Publish From"), null=True, blank=True)
    publish_until = models.DateTimeField(_("Publish Until"), null=True, blank=True)
    # versions
    family = models.CharField(_("Content Family"), max_length=140, blank=True, db_index=True)
    version = models.PositiveIntegerField(_("Version"), default=1)
    previous_version = models.ForeignKey(
        "self", verbose_name=_("Previous Version"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    superseded = models.BooleanField(_("Superseded"), default=False)
    # review
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Author"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Approved By"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("Approved At"), null=True, blank=True)
    published_at = models.DateTimeField(_("Published At"), null=True, blank=True)
    rejection_reason = models.TextField(_("Rejection Reason"), blank=True)
    transitions = models.JSONField(
        _("Transitions"),
        default=list,
        blank=True,
        editable=False,
        help_text=_("Every status change: who, when, from, to and why."),
    )

    objects = ContentQuerySet.as_manager()

    class Meta(Document.Meta):
        verbose_name = _("Education Content")
        verbose_name_plural = _("Education Content")
        constraints = [models.UniqueConstraint(fields=["family", "version"], name="uniq_edu_content_version")]
        indexes = [models.Index(fields=["status", "superseded"], name="edu_content_live")]

    # --- rules -------------------------------------------------------------------------
    @property
    def needs_disclaimer(self) -> bool:
        return self.kind == ContentKind.MARKET_ANALYSIS or self.product_id is not None

    @property
    def rendered(self) -> str:
        """The body as readers see it: sanitised, with the disclaimer appended (already safe HTML)."""
        tail = f'<aside class="disclaimer"><p>{nh3.clean_text(self.disclaimer)}</p></aside>' if self.disclaimer else ""
        return nh3.clean(self.body or "") + tail

    @property
    def reviewed_text(self) -> str:
        """Everything a reader reads, as plain text: where banned phrases are looked for."""
        return "\n".join(t for t in (self.title, self.summary, plain_text(self.body)) if t)

    def banned_hits(self) -> list[Hit]:
        return find(self.reviewed_text)

    def validate(self):
        self.body = nh3.clean(self.body or "")
        self.risk_levels = _choices_list(self.risk_levels, RiskLevel.values, "risk_levels")
        self.investor_types = _choices_list(self.investor_types, InvestorType.values, "investor_types")
        self.channels = _choices_list(self.channels, ContentChannel.values, "channels")
        self._check_attachments()
        if self.publish_from and self.publish_until and self.publish_until <= self.publish_from:
            raise ValidationError({"publish_until": _t("The publish window must end after it starts.")})
        if self.kind == ContentKind.VIDEO and not self.video_url:
            raise ValidationError({"video_url": _t("A video needs its link.")})
        if self.is_new:
            self.author = self.author or session.current_user()
        else:
            self._check_only_drafts_change()
        self.disclaimer = (
            EducationSettings.get_solo().disclaimer("en" if self.language == ContentLanguage.EN else "zh")
            if self.needs_disclaimer
            else ""
        )

    def _check_attachments(self):
        rows = self.attachments or []
        ok = isinstance(rows, list) and all(
            isinstance(r, dict) and str(r.get("url", "")).startswith(("https://", "http://", "/")) for r in rows
        )
        if not ok:
            raise ValidationError({"attachments": _t("Give each attachment as a label and a link (http, https or /).")})

    def _check_only_drafts_change(self):
        stored = type(self).objects.filter(pk=self.pk).values("status", *CONTENT_FIELDS).first()
        if not stored or stored["status"] == ContentStatus.DRAFT:
            return
        changed = [f for f in CONTENT_FIELDS if stored[f] != getattr(self, f if f != "product" else "product_id")]
        if changed:
            raise ValidationError(
                {changed[0]: _t("Only a draft can change. Make a new version of content under review or published.")}
            )

    # --- the workflow's moves (core/workflow.apply calls these) -------------------------
    def before_transition(self, move, user, reason, values):
        roles = user_roles(user) if hasattr(user, "is_authenticated") else set()
        if move.roles and not roles & set(move.roles):
            raise ValidationError({"status": _t("Only a Compliance Officer may review content.")})
        if move.action == "submit" and not plain_text(self.body).strip() and not self.video_url:
            raise ValidationError({"body": _t("Write the content before submitting it for review.")})
        if move.action == "approve":
            if self.author_id is not None and getattr(user, "pk", None) == self.author_id:
                raise ValidationError({"approved_by": _t("The author cannot approve their own content.")})
            hits = self.banned_hits()
            if hits:
                raise ValidationError({"body": banned_hits_message(hits)})
            self.approved_by = user if getattr(user, "pk", None) else None
            self.approved_at = timezone.now()
            self.rejection_reason = ""
        elif move.action == "reject":
            self.rejection_reason = reason
            self.approved_by = None
            self.approved_at = None
        elif move.action == "publish":
            if not self.channels:
                raise ValidationError({"channels": _t("Choose at least one channel to publish on.")})
            self.published_at = timezone.now()

    def after_transition(self, move, user, reason, values):
        if move.action == "publish" and self.family:  # the previous versions give way to this one
            type(self).objects.filter(family=self.family, version__lt=self.version).update(superseded=True)

    def autoname(self):
        super().autoname()
        self.family = self.family or self.name  # the first version names its family
