"""The investor-education record, per client and for the firm, built on record.activities().

`client_record` is what the client 360 tab and the portal's "my record" show: items read, tests passed,
events attended and hours. `firm_statistics` is the report for a period: activities and participants
(distinct clients) by source, channel and kind, exported as a spreadsheet by `xlsx`.
"""

from __future__ import annotations

import io
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..doctype.education_content.model import ContentChannel, ContentKind
from ..doctype.knowledge_test.model import TestPurpose
from . import record


def source_label(key: str) -> str:
    return {"content": _("Items read"), "test": _("Tests passed"), "event": _("Events attended")}.get(key, key)


def shown(value: str) -> str:
    """A stored kind or channel, translated where we know it (events' keys are their module's)."""
    for choices in (ContentKind, ContentChannel, TestPurpose):
        if value in choices.values:
            return str(choices(value).label)
    return _(value) if value else ""


@dataclass
class ClientRecord:
    activities: list[record.Activity]
    counts: dict[str, int] = field(default_factory=dict)
    hours: float = 0.0

    @property
    def items_read(self) -> int:
        return self.counts.get("content", 0)

    @property
    def tests_passed(self) -> int:
        return self.counts.get("test", 0)

    @property
    def events_attended(self) -> int:
        return self.counts.get("event", 0)


def client_record(client_id: int, start: date | None = None, end: date | None = None) -> ClientRecord:
    rows = sorted(record.activities([client_id], start, end), key=lambda a: (a.on, a.source), reverse=True)
    counts: dict[str, int] = defaultdict(int)
    for a in rows:
        counts[a.source] += 1
    return ClientRecord(activities=rows, counts=dict(counts), hours=round(sum(a.hours for a in rows), 2))


@dataclass
class StatRow:
    source: str
    channel: str
    kind: str
    activities: int
    participants: int
    hours: float


def firm_statistics(start: date | None, end: date | None) -> tuple[list[StatRow], dict]:
    """Rows by (source, channel, kind), and the totals (participants counted once across rows)."""
    groups: dict[tuple[str, str, str], list[record.Activity]] = defaultdict(list)
    everyone: set[int] = set()
    for a in record.activities(None, start, end):
        groups[(a.source, a.channel, a.kind)].append(a)
        everyone.add(a.client_id)
    rows = [
        StatRow(
            source=s,
            channel=c,
            kind=k,
            activities=len(acts),
            participants=len({a.client_id for a in acts}),
            hours=round(sum(a.hours for a in acts), 2),
        )
        for (s, c, k), acts in sorted(groups.items())
    ]
    totals = {
        "activities": sum(r.activities for r in rows),
        "participants": len(everyone),
        "hours": round(sum(r.hours for r in rows), 2),
    }
    return rows, totals


def xlsx(start: date | None, end: date | None) -> bytes:
    """The period's statistics as a workbook: one row per source, channel and kind, then the totals."""
    rows, totals = firm_statistics(start, end)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Investor Education")[:31]
    period = f"{start or '…'} – {end or '…'}"
    sheet.append([_("Investor-education statistics"), period])
    sheet["A1"].font = Font(bold=True)
    header = [_("Education activity"), _("Channel"), _("Kind"), _("Activities"), _("Participants"), _("Hours")]
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append([source_label(r.source), shown(r.channel), shown(r.kind), r.activities, r.participants, r.hours])
    sheet.append([_("Total"), "", "", totals["activities"], totals["participants"], totals["hours"]])
    for column, width in zip("ABCDEF", (16, 14, 22, 12, 12, 10)):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
