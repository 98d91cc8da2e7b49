"""The satisfaction dashboard as an xlsx workbook (openpyxl): one sheet per table, the same figures as the page."""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.styles import Font

from . import report

BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def workbook(data: report.Data) -> bytes:
    book = Workbook()
    book.remove(book.active)
    for title, headers, rows in report.sheets(data):
        sheet = book.create_sheet(str(title).translate(BAD_SHEET_CHARS)[:31])
        sheet.append([str(h) for h in headers])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([v if isinstance(v, int | float | bool) or v is None else str(v) for v in row])
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
