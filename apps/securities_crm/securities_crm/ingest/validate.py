"""Vectorised validation: every rule runs over a whole column at once (pandas), and accounts and
instruments are looked up once per distinct value in chunked IN queries, never a query per row.

`validate(kind, frame, source)` returns the rows to write (typed as the writers want them) and
the rejects: one entry per failing field of a row, with the row's line, the field, the value
and a translatable reason.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from django.conf import settings
from django.db import connection
from django.utils.translation import gettext as _

from ..doctype.instrument.model import Instrument
from ..doctype.securities_account.model import SecuritiesAccount
from .schema import Column, Kind

LOOKUP_CHUNK = 5000
DECIMAL = r"[+-]?(\d+(\.\d*)?|\.\d+)"
IPV4 = r"((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
TRUE = {"1", "true", "t", "yes", "y", "是"}
FALSE = {"0", "false", "f", "no", "n", "否", ""}
ISO_TZ = r".*(Z|[+-]\d\d:?\d\d)$"


def _arrow(s: pd.Series) -> pa.Array:
    """A text column as one Arrow array (pandas' string columns are Arrow arrays already: no copy).
    Rules run on it through pyarrow.compute directly: pandas' string methods add a pass of their
    own per call (an ASCII check before every regular expression), which cost more than the rule."""
    arr = pa.array(s, from_pandas=True)
    arr = arr.combine_chunks() if isinstance(arr, pa.ChunkedArray) else arr
    return arr.cast(pa.string()) if arr.type == pa.large_string() else arr  # one type for the kernels


def _series(arr, index) -> pd.Series:
    return arr.to_pandas().set_axis(index)


def _mask(arr) -> np.ndarray:
    """A boolean Arrow result as a numpy mask (NULL: False)."""
    return pc.fill_null(arr, False).to_numpy(zero_copy_only=False)


def _matches(arr, pattern: str) -> np.ndarray:
    return _mask(pc.match_substring_regex(arr, pattern))


def _map_distinct(arr, fn) -> pa.Array:
    """fn applied once per distinct value (accounts, codes and choices repeat by the million)."""
    encoded = pc.dictionary_encode(arr)
    values = pa.array([fn(v) for v in encoded.dictionary.to_pylist()], type=pa.string())
    return values.take(encoded.indices)


@dataclass
class Result:
    rows: pd.DataFrame  # valid rows, db columns, with "line" and (for account kinds) "client_id"
    rejects: pd.DataFrame  # line, field, value, reason
    received: int


class Checker:
    def __init__(self, frame: pd.DataFrame):
        self.frame = frame
        self.bad = np.zeros(len(frame), dtype=bool)
        self.found: list[pd.DataFrame] = []

    def reject(self, mask, field: str, reason: str, values: pd.Series | None = None) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        vals = (values if values is not None else self.frame[field])[mask]
        self.found.append(
            pd.DataFrame(
                {
                    "line": self.frame["line"].to_numpy()[mask],
                    "field": field,
                    "value": vals.astype(str).str.slice(0, 255).to_numpy(),
                    "reason": reason,
                }
            )
        )
        self.bad |= mask

    def rejects(self) -> pd.DataFrame:
        if not self.found:
            return pd.DataFrame({"line": pd.Series([], dtype="int64"), "field": [], "value": [], "reason": []})
        return pd.concat(self.found, ignore_index=True).sort_values(["line", "field"], kind="stable")


def _decimal(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    """Checked as text (regular expressions over the column), and written as the same text, so
    the database parses the exact value: never through float. One expression accepts the usual
    values; only the rows it does not accept go through the rules that say what is wrong."""
    digits, places = col.digits
    arr = _arrow(s)
    sign = "+" if col.sign in ("nonnegative", "positive") else "+-"
    plain = _matches(arr, rf"^[{sign}]?0*\d{{1,{digits - places}}}(\.\d{{0,{places}}}0*)?$")
    if col.sign == "positive":
        plain &= _matches(arr, "[1-9]")
    slow = np.flatnonzero(~plain)
    if len(slow):
        _decimal_rules(check, col, s.iloc[slow], slow, len(s))
    trimmed = pc.utf8_ltrim(arr, "+")
    return _series(pc.if_else(pc.equal(arr, ""), pa.scalar(None, pa.string()), trimmed), s.index)


def _decimal_rules(check: Checker, col: Column, s: pd.Series, at: np.ndarray, n: int) -> None:
    digits, places = col.digits

    def reject(mask, reason):
        full = np.zeros(n, dtype=bool)
        full[at] = np.asarray(mask, dtype=bool)
        check.reject(full, col.name, reason)

    present = s != ""
    ok = s.str.fullmatch(DECIMAL)
    reject(~ok & present, _("Not a number."))
    ok &= present
    reject(
        ok & ~s.str.fullmatch(rf"[+-]?\d*(\.\d{{0,{places}}}0*)?"),
        _("Too many decimal places (at most %(places)d).") % {"places": places},
    )
    reject(ok & ~s.str.fullmatch(rf"[+-]?0*\d{{0,{digits - places}}}(\.\d*)?"), _("The number is too large."))
    nonzero = s.str.contains(r"[1-9]")
    if col.sign in ("nonnegative", "positive"):
        reject(ok & nonzero & s.str.startswith("-"), _("Must not be negative."))
    if col.sign == "positive":
        reject(ok & ~nonzero, _("Must be greater than zero."))


def _datetime(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    """Naive times are the site's time zone (Asia/Shanghai); ISO offsets are honoured. Out: UTC."""
    arr = _arrow(s)
    # The usual form, parsed by Arrow; the other forms (ISO with T, fractions, offsets) by pandas below.
    quick = pc.strptime(arr, format="%Y-%m-%d %H:%M:%S", unit="us", error_is_null=True)
    # strptime rolls impossible days and seconds over (02-30 becomes 03-02; it refuses bad months,
    # hours and minutes): a time counts as read only when its day and second are the ones written.
    read = pc.binary_join_element_wise(
        pc.utf8_lpad(pc.cast(pc.day(quick), pa.string()), 2, "0"),
        pc.utf8_lpad(pc.cast(pc.second(quick), pa.string()), 2, "0"),
        "",
    )
    written = pc.binary_join_element_wise(pc.utf8_slice_codeunits(arr, 8, 10), pc.utf8_slice_codeunits(arr, 17, 19), "")
    parsed = _mask(pc.equal(read, written)) & _matches(arr, r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
    present = s != ""
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us, UTC]")
    if parsed.any():
        naive = pd.Series(quick.to_numpy(zero_copy_only=False), index=s.index)[parsed]
        out[parsed] = naive.dt.tz_localize(settings.TIME_ZONE, ambiguous="NaT", nonexistent="NaT").dt.tz_convert("UTC")
    present_other = present & ~parsed
    aware = pd.Series(False, index=s.index)
    if present_other.any():
        aware[present_other] = s[present_other].str.fullmatch(ISO_TZ)
    if (present_other & ~aware).any():
        naive = pd.to_datetime(s[present_other & ~aware], errors="coerce", format="ISO8601")
        out[present_other & ~aware] = naive.dt.tz_localize(
            settings.TIME_ZONE, ambiguous="NaT", nonexistent="NaT"
        ).dt.tz_convert("UTC")
    if aware.any():
        out[aware] = pd.to_datetime(s[aware], errors="coerce", format="ISO8601", utc=True)
    bad = present & out.isna()
    check.reject(bad, col.name, _("Not a valid date and time (YYYY-MM-DD HH:MM:SS)."))
    plausible = (out.dt.year >= 1990) & (out.dt.year <= 2100)
    check.reject(present & ~bad & ~plausible, col.name, _("The date is out of range."))
    return out


def _date(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    present = s != ""
    out = pd.to_datetime(s.where(present, None), errors="coerce", format="%Y-%m-%d")
    check.reject(present & out.isna(), col.name, _("Not a valid date (YYYY-MM-DD)."))
    check.reject(
        present & out.notna() & ((out.dt.year < 1990) | (out.dt.year > 2100)), col.name, _("The date is out of range.")
    )
    return out.dt.strftime("%Y-%m-%d").where(present & out.notna(), None)


def _choice(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    mapped = _series(_map_distinct(pc.utf8_lower(_arrow(s)), col.choices.get), s.index)
    unknown = (s != "") & mapped.isna()
    check.reject(
        unknown,
        col.name,
        _("Unknown value for %(field)s (allowed: %(choices)s).")
        % {"field": col.name, "choices": ", ".join(sorted(set(col.choices.values())))},
    )
    return mapped.where(s != "", col.default or "")


def _bool(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    low = s.str.lower().where(s != "", col.default)
    check.reject(~low.isin(TRUE | FALSE), col.name, _("Not a yes/no value (1/0, true/false)."))
    return low.isin(TRUE)


def _ip(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    present = s != ""
    v4 = s.str.fullmatch(IPV4)
    others = s[present & ~v4].unique()
    good_v6 = set()
    for value in others:  # rare (IPv6): checked once per distinct value
        try:
            ipaddress.IPv6Address(value)
            good_v6.add(value)
        except ValueError:
            pass
    check.reject(present & ~v4 & ~s.isin(good_v6), col.name, _("Not an IP address."))
    return s.where(present, None)


def _lookup(model, field: str, values, extra: str | None = None, cache: dict | None = None) -> dict:
    """{value: extra or True} for the values that exist: one query per LOOKUP_CHUNK distinct values.
    With a cache (a Stream's slices share one), each value is asked for once per batch."""
    if cache is not None:
        known = cache.setdefault((model, field, extra), {})
        missing = [v for v in values if v not in known]
        if missing and cache.get("complete"):  # a Stream looked everything up before its COPY began
            raise RuntimeError(f"{model.__name__} {missing[:3]} missed by the batch's lookups")
        if missing:
            found = _lookup(model, field, missing, extra)
            known.update({v: found.get(v) for v in missing})
        return {v: known[v] for v in values if known[v] is not None}
    found = {}
    values = list(values)
    if connection.vendor == "postgresql" and values:  # one query with an array, rows straight from the driver
        q = connection.ops.quote_name
        key = q(model._meta.get_field(field).column)
        other = q(model._meta.get_field(extra).column) if extra else "TRUE"
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {key}, {other} FROM {q(model._meta.db_table)} WHERE {key} = ANY(%s)", [values])
            return dict(cursor.fetchall())
    for i in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[i : i + LOOKUP_CHUNK]
        qs = model._default_manager.filter(**{f"{field}__in": chunk})
        if extra:
            found.update(qs.values_list(field, extra))
        else:
            found.update((v, True) for v in qs.values_list(field, flat=True))
    return found


def validate(kind: Kind, frame: pd.DataFrame, source: str, cache: dict | None = None) -> Result:
    """frame: every column as text ("" when empty), plus "line". Returns valid rows and rejects."""
    check = Checker(frame)
    out = pd.DataFrame({"line": frame["line"].to_numpy()}, index=frame.index)
    for col in kind.columns:
        s = frame[col.name] if col.name in frame else pd.Series("", index=frame.index, dtype="str")
        s = _series(pc.utf8_trim_whitespace(_arrow(s.astype("str"))), frame.index)
        if col.required:
            check.reject(s == "", col.name, _("This field is required."))
        if col.kind == "text":
            if col.name == "source":
                s = s.where(s != "", source)
            if col.name in kind.upper:  # codes, as trades name them: 600519.SH
                s = _series(pc.utf8_upper(_arrow(s)), s.index)
            if col.max_length:
                check.reject(
                    _mask(pc.greater(pc.utf8_length(_arrow(s)), col.max_length)),
                    col.name,
                    _("Longer than %(n)d characters.") % {"n": col.max_length},
                )
            out[col.column] = s
        elif col.kind == "decimal":
            out[col.column] = _decimal(check, col, s.where(s != "", col.default))
        elif col.kind == "datetime":
            out[col.column] = _datetime(check, col, s)
        elif col.kind == "date":
            out[col.column] = _date(check, col, s)
        elif col.kind == "choice":
            out[col.column] = _choice(check, col, s)
        elif col.kind == "bool":
            out[col.column] = _bool(check, col, s)
        elif col.kind == "ip":
            out[col.column] = _ip(check, col, s)
        elif col.kind == "account":
            upper = pc.utf8_upper(_arrow(s))
            s = _series(upper, s.index)
            distinct = pc.unique(upper)
            clients = _lookup(
                SecuritiesAccount, "name", [v for v in distinct.to_pylist() if v], "client_id", cache=cache
            )
            client = _series(_map_distinct(upper, clients.get), s.index)
            check.reject((s != "") & client.isna(), col.name, _("Unknown account."))
            out[col.column] = s
            out["client_id"] = client
        elif col.kind == "instrument":
            upper = pc.utf8_upper(_arrow(s))
            s = _series(upper, s.index)
            known = _lookup(Instrument, "name", [v for v in pc.unique(upper).to_pylist() if v], cache=cache)
            found = _mask(pc.is_in(upper, value_set=pa.array(list(known), type=pa.string())))
            check.reject((s != "").to_numpy() & ~found, col.name, _("Unknown instrument."))
            out[col.column] = s
    for name, parts in kind.derive.items():  # e.g. a snapshot's id, when the depository sends none
        target = kind.column(name).column
        derived = out[kind.column(parts[0]).column].fillna("")
        for part in parts[1:]:
            derived = derived + ":" + out[kind.column(part).column].fillna("")
        out[target] = out[target].where(out[target] != "", derived)
    for name, earlier, reason in kind.not_before:  # e.g. cancelled before it was placed
        later, first = out[kind.column(name).column], out[kind.column(earlier).column]
        check.reject(later.notna() & first.notna() & (later < first), name, str(reason), frame.get(name))
    if kind.named_by:  # the record's name is its code
        out["name"] = out[kind.column(kind.named_by).column]
    # A key twice in one batch: the first valid row wins, the later ones are rejected.
    key_cols = kind.key_columns
    valid = ~check.bad
    dup = np.zeros(len(frame), dtype=bool)
    last_key = _arrow(out.loc[valid, key_cols[-1]].astype("str"))
    if len(pc.unique(last_key)) < len(last_key):  # else no key can repeat: skip the row-wise pass
        dup[valid] = out.loc[valid, key_cols].duplicated(keep="first").to_numpy()
    if dup.any():
        first_line = out.loc[valid].drop_duplicates(key_cols).set_index(key_cols)["line"]
        earlier = out.loc[dup, key_cols].apply(tuple, axis=1) if len(key_cols) > 1 else out.loc[dup, key_cols[0]]
        lines = earlier.map(first_line.to_dict() if len(key_cols) > 1 else first_line).astype(str)
        check.reject(
            dup,
            kind.key[-1],
            _("Duplicate inside the batch (same key as line %(line)s).") % {"line": "{line}"},
            values=out[key_cols[-1]],
        )
        # put each duplicate's first line into its reason
        last = check.found[-1]
        last["reason"] = [r.replace("{line}", ln) for r, ln in zip(last["reason"], lines.to_numpy())]
    rows = out.loc[~check.bad]
    return Result(rows=rows, rejects=check.rejects(), received=len(frame))


SLICE_ROWS = 100_000


class Stream:
    """A batch validated slice by slice, as the writer asks for rows, so that on PostgreSQL the
    server stores one slice while the next is checked (two cores: one each).

    Slicing gives the same answer as validating the whole frame at once, because every rule is
    about one row except two: the account and instrument lookups (shared here through a cache),
    and duplicates inside the batch, which need the whole batch. So a batch is sliced only when
    a pass over its keys (source and external id, trimmed, the call's source filled in) finds
    none twice; otherwise, and for the kinds whose key is made in validation (positions,
    instruments), it is validated whole. A sliced batch goes in key order (byte order, as the
    writers insert), so the slices come in key order too.
    """

    def __init__(self, kind: Kind, frame: pd.DataFrame, source: str, slice_rows: int | None = None):
        slice_rows = slice_rows or SLICE_ROWS
        self.kind, self.source, self.received = kind, source, len(frame)
        self.cache: dict = {}
        self._done: list[Result] = []
        self.keys = self._raw_keys(frame) if len(frame) > slice_rows else None
        if self.keys is not None and _repeats(self.keys):
            self.keys = None  # a key repeats: the first valid one wins, which needs the whole batch
        if self.keys is None:
            self._slices = iter([frame] if len(frame) else [])
            return
        self._look_up_all(frame)
        order = pc.sort_indices(self.keys, sort_keys=[(c, "ascending") for c in self.keys.column_names])
        if not _is_identity(order):
            frame, self.keys = frame.iloc[order.to_numpy()], self.keys.take(order)
        self._slices = (frame.iloc[i : i + slice_rows] for i in range(0, len(frame), slice_rows))

    def _raw_keys(self, frame: pd.DataFrame) -> pa.Table | None:
        if self.kind.key != ("source", "external_id") or set(self.kind.key) & set(self.kind.derive):
            return None
        columns = {}
        for name in ("source", "external_id"):
            raw = frame[name] if name in frame else pd.Series("", index=frame.index, dtype="str")
            columns[name] = pc.utf8_trim_whitespace(_arrow(raw.astype("str")))
        columns["source"] = pc.if_else(pc.equal(columns["source"], ""), self.source, columns["source"])
        return pa.table(columns)

    def _look_up_all(self, frame: pd.DataFrame) -> None:
        """Every account and instrument of the batch, looked up now: the slices are validated while
        the connection is busy with the COPY of earlier ones, so they must not query."""
        for col in self.kind.columns:
            if col.kind in ("account", "instrument") and col.name in frame:
                values = pc.unique(pc.utf8_upper(pc.utf8_trim_whitespace(_arrow(frame[col.name].astype("str")))))
                values = [v for v in values.to_pylist() if v]
                if col.kind == "account":
                    _lookup(SecuritiesAccount, "name", values, "client_id", cache=self.cache)
                else:
                    _lookup(Instrument, "name", values, cache=self.cache)
        self.cache["complete"] = True

    def results(self):
        """Each slice's Result, validating the next slice only when asked; may be walked again."""
        i = 0
        while True:
            if i < len(self._done):
                yield self._done[i]
                i += 1
                continue
            piece = next(self._slices, None)
            if piece is None:
                return
            self._done.append(validate(self.kind, piece, self.source, cache=self.cache))

    def finish(self) -> list[Result]:
        for _result in self.results():
            pass
        return self._done

    def rows(self) -> pd.DataFrame:
        """Every valid row (the writers that take the whole batch at once)."""
        done = self.finish()
        if not done:
            return pd.DataFrame()
        return done[0].rows if len(done) == 1 else pd.concat([r.rows for r in done])

    def rejects(self) -> pd.DataFrame:
        done = self.finish()
        if len(done) == 1:
            return done[0].rejects
        if not done:
            return Checker(pd.DataFrame({"line": []})).rejects()
        return pd.concat([r.rejects for r in done], ignore_index=True).sort_values(["line", "field"], kind="stable")

    def valid(self) -> int:
        return sum(len(r.rows) for r in self.finish())


def _repeats(keys: pa.Table) -> bool:
    """Whether a key occurs twice (the external ids alone all differing settles it cheaply)."""
    if len(pc.unique(keys.column("external_id"))) == len(keys):
        return False
    return len(keys.group_by(keys.column_names).aggregate([])) < len(keys)


def _is_identity(order: pa.Array) -> bool:
    return bool(np.array_equal(order.to_numpy(), np.arange(len(order))))
