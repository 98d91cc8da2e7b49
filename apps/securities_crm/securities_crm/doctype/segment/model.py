"""Segment (客户分群): a class of clients, as data. A Rule segment holds a tree of conditions over the
client's profile, client fields and tags (securities_crm/profiling/rules.py reads and checks it); a Tier
segment is a ladder (普通 / 银卡 / 金卡 / 白金 / 钻石 by default) that puts every client on exactly one
rung by one number of the profile. Thresholds live in `parameters` and a condition names them as
{"param": "min_aum"}, so tuning a segment never means rewriting its rule.

The rule is checked on save by the validate hook in securities_crm/hooks.py (profiling.rules.validate_segment):
an unknown field or an operator that does not fit the field is refused, naming it, and nothing is saved.
Who is in a segment is the system's (Segment Membership, written by profiling/membership.py).
"""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


class SegmentKind(models.TextChoices):
    RULE = "Rule", _("Rule")
    TIER = "Tier", _("Tier Ladder")


@doctype(
    "Segment",
    module="Profiling",
    naming="field:segment_name",
    title_field="segment_name",
    search_fields=("segment_name", "description"),
    set_only_once=("segment_name", "kind"),
    rights={
        "Marketing": "rwcde",
        "Compliance Officer": "rwcde",
        "Branch Manager": "rwce",
        "Client Manager": "r",
        "Advisor": "r",
        "Service Agent": "r",
        "Risk Officer": "r",
    },
)
class Segment(Document):
    segment_name = models.CharField(_("Segment Name"), max_length=140, unique=True)
    kind = models.CharField(_("Kind"), max_length=10, choices=SegmentKind.choices, default=SegmentKind.RULE)
    rule = models.JSONField(
        _("Rule"),
        default=dict,
        blank=True,
        help_text=_(
            'A tree of {"all": [...]}, {"any": [...]}, {"not": {...}} over conditions '
            '{"field": ..., "op": ..., "value": ...}. For a tier ladder, an optional filter of who is ranked.'
        ),
    )
    parameters = models.JSONField(
        _("Parameters"),
        default=dict,
        blank=True,
        help_text=_('Values a condition names as {"param": "name"}; for a tier ladder, its field and rungs.'),
    )
    enabled = models.BooleanField(_("Enabled"), default=True)
    marketing_allowed = models.BooleanField(
        _("Marketing Allowed"),
        default=False,
        help_text=_("Whether campaigns may target this segment."),
    )
    auto_tag = models.BooleanField(
        _("Tag Members"),
        default=False,
        help_text=_("Members carry an automatic tag: the segment's name, or their tier's name on a ladder."),
    )
    description = models.TextField(_("Description"), blank=True)

    class Meta(Document.Meta):
        verbose_name = _("Segment")
        verbose_name_plural = _("Segments")
        ordering = ["segment_name"]

    @property
    def label(self) -> str:
        """The name in the user's language: the default segments' names are in the catalogue."""
        return gettext(self.segment_name)

    def __str__(self):
        return self.label
