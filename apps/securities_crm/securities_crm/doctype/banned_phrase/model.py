"""Banned Phrase (禁用语): words compliance material may not use, such as 保本, 稳赚, 无风险 and 零风险.

The list is data Compliance keeps (the defaults come from fixtures/banned_phrases.json, loaded by the
migration). `find()` reports every occurrence in a text with its position and the words around it, so
the 417 that blocks an approval and the desk's review page can show each phrase where it stands.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

import nh3
from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype

CONTEXT = 12  # characters shown on each side of a hit


@dataclass(frozen=True)
class Hit:
    phrase: str
    start: int  # position in the plain text (characters, from 0)
    end: int
    before: str
    after: str

    @property
    def snippet(self) -> str:
        return f"…{self.before}【{self.phrase}】{self.after}…"


BLOCK_END = re.compile(r"<br\s*/?>|</(?:p|h[1-6]|li|div|blockquote|tr|section)>", re.IGNORECASE)


def plain_text(markup: str) -> str:
    """The text a reader sees: tags removed (a block's end is a line break), entities decoded."""
    return html.unescape(nh3.clean(BLOCK_END.sub("\n", markup or ""), tags=set())).strip()


def find(text: str, phrases: list[str] | None = None) -> list[Hit]:
    """Every occurrence of an enabled banned phrase in `text` (plain text), in order of position."""
    if phrases is None:
        phrases = list(BannedPhrase.objects.filter(enabled=True).values_list("phrase", flat=True))
    phrases = sorted({p for p in phrases if p.strip()}, key=len, reverse=True)  # the longest wins: 稳赚不赔
    if not phrases or not text:
        return []
    pattern = re.compile("|".join(re.escape(p) for p in phrases), re.IGNORECASE)
    return [
        Hit(
            m.group(0),
            m.start(),
            m.end(),
            text[max(0, m.start() - CONTEXT) : m.start()],
            text[m.end() : m.end() + CONTEXT],
        )
        for m in pattern.finditer(text)
    ]


@doctype(
    "Banned Phrase",
    module="Education",
    naming="autoincrement",
    title_field="phrase",
    search_fields=("phrase", "note"),
    rights={
        "Compliance Officer": "rwcd",
        "Marketing": "r",
        "Client Manager": "r",
        "Branch Manager": "r",
        "Advisor": "r",
    },
)
class BannedPhrase(Document):
    name = models.BigAutoField(_("ID"), primary_key=True)
    phrase = models.CharField(_("Phrase"), max_length=60, unique=True)
    enabled = models.BooleanField(_("Enabled"), default=True)
    note = models.CharField(
        _("Note"), max_length=255, blank=True, help_text=_("Why it is banned, or what to say instead.")
    )

    class Meta(Document.Meta):
        verbose_name = _("Banned Phrase")
        verbose_name_plural = _("Banned Phrases")
        ordering = ["phrase"]
