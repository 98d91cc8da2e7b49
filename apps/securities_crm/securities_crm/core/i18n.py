"""Messages kept as data and shown in the reader's language.

Text the system writes for later readers (an alert's summary, the reason of a move it made) would read,
if stored as text, in the language of whichever job or request wrote it. So such text is a Message: an
English msgid (marked with gettext_noop, so makemessages finds it) and its values. It is stored as data
({"msgid": ..., "params": ...}) beside the text in the site's language (for search and filings), and
shown through `render()`, translated for whoever reads.

    Message(gettext_noop("Cash of ¥%(score)s in one day (≥ ¥%(threshold)s)"), {"score": "60,000", ...})

A value that is itself words to translate is given as Words(("new network", "new device")).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, pgettext


@dataclass(frozen=True)
class Words:
    """Words (English msgids) shown translated and joined, as one value of a message."""

    msgids: tuple[str, ...]


def _plain(value):
    """A value as JSON keeps it (numpy numbers become Python ones)."""
    if isinstance(value, Words):
        return {"words": list(value.msgids)}
    if hasattr(value, "item"):  # a numpy scalar
        return value.item()
    return value


@dataclass(frozen=True)
class Message:
    msgid: str
    params: dict

    def as_data(self) -> dict:
        return {"msgid": self.msgid, "params": {k: _plain(v) for k, v in self.params.items()}}

    def __str__(self) -> str:
        return render(self.as_data())


def _shown(value):
    if isinstance(value, dict) and "words" in value:
        return pgettext("list separator", ", ").join(gettext(w) for w in value["words"])
    return value


def render(data: dict | None, fallback: str = "") -> str:
    """The message in the active language; `fallback` (the stored text) when there is no data."""
    if not data or not data.get("msgid"):
        return fallback
    params = {k: _shown(v) for k, v in (data.get("params") or {}).items()}
    try:
        return gettext(data["msgid"]) % params
    except (KeyError, TypeError, ValueError):  # a translation that lost a placeholder: the English one
        return data["msgid"] % params


def stored(messages, limit: int = 255) -> tuple[list[str], list[dict]]:
    """A batch of messages as two columns: the text in the site's language (at most `limit` characters)
    and the data it is shown from. A plain string is kept as it is, with no data."""
    data = [m.as_data() if isinstance(m, Message) else {} for m in messages]
    with translation.override(settings.LANGUAGE_CODE):
        texts = [str(m)[:limit] for m in messages]
    return texts, data
