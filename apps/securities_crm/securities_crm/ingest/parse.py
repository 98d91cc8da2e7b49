"""Reading input into a frame of text columns: CSV (a body or a file), a JSON list, or JSON lines.

Every value stays text ("" when empty) so validation sees exactly what was sent, and each row
keeps its `line`: the file's line for CSV (the header is line 1), the row's position (from 1)
for JSON lists and JSON lines.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from decimal import Decimal

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
from django.utils.translation import gettext as _


class InputError(Exception):
    """The input as a whole cannot be read: the call fails and writes nothing."""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return "" if value != value else repr(value)  # NaN: the key was missing from this object
    return str(value)


def _column_text(column: pd.Series) -> pd.Series:
    """A column as text: one Arrow conversion when every value is text or missing (ids, codes,
    times), else _text per value (numbers sent as JSON numbers, booleans)."""
    try:
        arr = pa.array(column, type=pa.string(), from_pandas=True)
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        return column.map(_text)
    return pc.fill_null(arr, "").to_pandas().set_axis(column.index)


def _tidy(frame: pd.DataFrame, aliases: Mapping[str, str]) -> pd.DataFrame:
    raw = [str(c).strip().lower() for c in frame.columns]
    if len(set(raw)) < len(raw):
        twice = sorted({c for c in raw if raw.count(c) > 1})
        raise InputError(_("A column appears twice: %(columns)s") % {"columns": ", ".join(twice)})
    frame.columns = [aliases.get(c, c) for c in raw]
    if frame.columns.duplicated().any():
        # A column under its own name and an alias (JSON objects may differ): one value per row.
        merged: dict = {}
        for i, name in enumerate(frame.columns):
            column = frame.iloc[:, i].astype("str")
            merged[name] = column if name not in merged else merged[name].where(merged[name] != "", column)
        frame = pd.DataFrame(merged, index=frame.index)
    return frame


def from_records(records: list, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    if not isinstance(records, list):
        raise InputError(_("Send a JSON list of objects."))
    if any(not isinstance(r, dict) for r in records):
        raise InputError(_("Every item of the list must be a JSON object."))
    frame = pd.DataFrame.from_records(records) if records else pd.DataFrame()
    if len(frame):
        frame = pd.DataFrame({name: _column_text(frame[name]) for name in frame.columns}, index=frame.index)
    frame = _tidy(frame.astype("str") if len(frame.columns) else frame, aliases or {})
    frame["line"] = range(1, len(frame) + 1)
    return frame


def from_csv(data: bytes | str, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read with Arrow's multi-threaded CSV reader, every column as text."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    header = data[: data.find(b"\n") if b"\n" in data else len(data)].decode("utf-8", errors="replace")
    names = next(csv.reader([header.rstrip("\r")]), [])
    if not [n for n in names if n.strip()]:
        raise InputError(_("The file is empty."))
    try:
        table = pa_csv.read_csv(
            io.BytesIO(data),
            convert_options=pa_csv.ConvertOptions(
                column_types={n: pa.string() for n in names},
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
            parse_options=pa_csv.ParseOptions(newlines_in_values=b'"' in data),
        )
    except (pa.ArrowInvalid, pa.ArrowTypeError) as exc:
        raise InputError(_("The CSV cannot be read: %(error)s") % {"error": exc}) from None
    frame = _tidy(table.to_pandas(), aliases or {})
    physical = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
    if physical == len(frame) + 1:
        frame["line"] = range(2, len(frame) + 2)
    else:  # blank lines, or quoted values spanning lines: count the line each row starts on
        frame["line"] = _csv_lines(data.decode("utf-8"))[: len(frame)]
    return frame


def _csv_lines(data: str) -> list[int]:
    reader = csv.reader(io.StringIO(data))
    next(reader, None)
    lines = []
    start = reader.line_num + 1
    for row in reader:
        if row:
            lines.append(start)
        start = reader.line_num + 1
    return lines


def from_jsonl(data: bytes | str, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    if isinstance(data, bytes):
        data = data.decode("utf-8-sig")
    records = []
    for number, text in enumerate(data.splitlines(), start=1):
        if text.strip():
            try:
                records.append(json.loads(text, parse_float=Decimal))
            except ValueError:
                raise InputError(_("Line %(line)d is not valid JSON.") % {"line": number}) from None
    return from_records(records, aliases)


def read(data, fmt: str, aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """fmt: "csv", "json" (a list, or its text) or "jsonl". aliases: {a column's other name: its name}
    (lower case), the kind's (schema.Kind.aliases)."""
    try:
        if fmt == "csv":
            return from_csv(data, aliases)
        if fmt == "jsonl":
            return from_jsonl(data, aliases)
        if isinstance(data, (bytes, str)):
            data = json.loads(data, parse_float=Decimal)
        return from_records(data, aliases)
    except UnicodeDecodeError:
        raise InputError(_("The file is not UTF-8 text.")) from None
    except ValueError:
        raise InputError(_("The input is not valid JSON.")) from None
