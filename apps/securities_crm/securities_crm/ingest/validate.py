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
from django.conf import settings
from django.utils.translation import gettext as _

from .schema import Column, Kind

LOOKUP_CHUNK = 5000
DECIMAL = r"[+-]?(\d+(\.\d*)?|\.\d+)"
IPV4 = r"((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
TRUE = {"1", "true", "t", "yes", "y", "是"}
FALSE = {"0", "false", "f", "no", "n", "否", ""}
ISO_TZ = r".*(Z|[+-]\d\d:?\d\d)$"


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
        self.found.append(pd.DataFrame({"line": self.frame["line"].to_numpy()[mask], "field": field,
                                        "value": vals.astype(str).str.slice(0, 255).to_numpy(), "reason": reason}))
        self.bad |= mask

    def rejects(self) -> pd.DataFrame:
        if not self.found:
            return pd.DataFrame({"line": pd.Series([], dtype="int64"), "field": [], "value": [], "reason": []})
        return pd.concat(self.found, ignore_index=True).sort_values(["line", "field"], kind="stable")


def _decimal(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    """Checked as text (regular expressions over the column), and written as the same text, so
    the database parses the exact value: never through float."""
    digits, places = col.digits
    present = s != ""
    ok = s.str.fullmatch(DECIMAL)
    check.reject(~ok & present, col.name, _("Not a number."))
    ok &= present
    check.reject(ok & ~s.str.fullmatch(rf"[+-]?\d*(\.\d{{0,{places}}}0*)?"), col.name,
                 _("Too many decimal places (at most %(places)d).") % {"places": places})
    check.reject(ok & ~s.str.fullmatch(rf"[+-]?0*\d{{0,{digits - places}}}(\.\d*)?"), col.name,
                 _("The number is too large."))
    nonzero = s.str.contains(r"[1-9]")
    if col.sign in ("nonnegative", "positive"):
        check.reject(ok & nonzero & s.str.startswith("-"), col.name, _("Must not be negative."))
    if col.sign == "positive":
        check.reject(ok & ~nonzero, col.name, _("Must be greater than zero."))
    return s.str.lstrip("+").where(present, None)


def _datetime(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    """Naive times are the site's time zone (Asia/Shanghai); ISO offsets are honoured. Out: UTC."""
    present = s != ""
    aware = s.str.fullmatch(ISO_TZ) & present
    out = pd.Series(pd.NaT, index=s.index, dtype="datetime64[us, UTC]")
    if (present & ~aware).any():
        naive = pd.to_datetime(s[present & ~aware], errors="coerce", format="ISO8601")
        out[present & ~aware] = naive.dt.tz_localize(settings.TIME_ZONE, ambiguous="NaT",
                                                     nonexistent="NaT").dt.tz_convert("UTC")
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
    check.reject(present & out.notna() & ((out.dt.year < 1990) | (out.dt.year > 2100)), col.name,
                 _("The date is out of range."))
    return out.dt.strftime("%Y-%m-%d").where(present & out.notna(), None)


def _choice(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    mapped = s.str.lower().map(col.choices)
    unknown = (s != "") & mapped.isna()
    check.reject(unknown, col.name, _("Unknown value for %(field)s (allowed: %(choices)s).")
                 % {"field": col.name, "choices": ", ".join(sorted(set(col.choices.values())))})
    return mapped.where(s != "", col.default or "")


def _bool(check: Checker, col: Column, s: pd.Series) -> pd.Series:
    low = s.str.lower()
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


def _lookup(model, field: str, values, extra: str | None = None) -> dict:
    """{value: extra or True} for the values that exist: one query per LOOKUP_CHUNK distinct values."""
    found = {}
    values = list(values)
    for i in range(0, len(values), LOOKUP_CHUNK):
        chunk = values[i:i + LOOKUP_CHUNK]
        qs = model._default_manager.filter(**{f"{field}__in": chunk})
        if extra:
            found.update(qs.values_list(field, extra))
        else:
            found.update((v, True) for v in qs.values_list(field, flat=True))
    return found


def validate(kind: Kind, frame: pd.DataFrame, source: str) -> Result:
    """frame: every column as text ("" when empty), plus "line". Returns valid rows and rejects."""
    from ..doctype.instrument.model import Instrument
    from ..doctype.securities_account.model import SecuritiesAccount

    check = Checker(frame)
    out = pd.DataFrame({"line": frame["line"].to_numpy()}, index=frame.index)
    for col in kind.columns:
        s = frame[col.name] if col.name in frame else pd.Series("", index=frame.index, dtype="str")
        s = s.astype("str").str.strip()
        if col.required:
            check.reject(s == "", col.name, _("This field is required."))
        if col.kind == "text":
            if col.name == "source":
                s = s.where(s != "", source)
            if col.name == "code":  # as trades name it: 600519.SH
                s = s.str.upper()
            if col.max_length:
                check.reject(s.str.len() > col.max_length, col.name,
                             _("Longer than %(n)d characters.") % {"n": col.max_length})
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
            s = s.str.upper()
            clients = _lookup(SecuritiesAccount, "name", s[s != ""].unique(), "client_id")
            client = s.map(clients)
            check.reject((s != "") & client.isna(), col.name, _("Unknown account."))
            out[col.column] = s
            out["client_id"] = client
        elif col.kind == "instrument":
            s = s.str.upper()
            known = _lookup(Instrument, "name", s[s != ""].unique())
            check.reject((s != "") & ~s.isin(known.keys()), col.name, _("Unknown instrument."))
            out[col.column] = s
    if kind.name == "positions":
        # A snapshot's id, when the depository sends none: its account, instrument and date.
        derived = out["account_id"] + ":" + out["instrument_id"] + ":" + out["position_date"].fillna("")
        out["external_id"] = out["external_id"].where(out["external_id"] != "", derived)
    if kind.name == "orders":
        late = out["cancelled_time"].notna() & out["placed_time"].notna() & (out["cancelled_time"] < out["placed_time"])
        check.reject(late, "cancelled_time", _("Cancelled before it was placed."), frame.get("cancelled_time"))
    if kind.name == "instruments":
        out["name"] = out["code"]
    # A key twice in one batch: the first valid row wins, the later ones are rejected.
    key_cols = [kind.model._meta.get_field(k).column if k != "code" else "code" for k in kind.key]
    valid = ~check.bad
    dup = np.zeros(len(frame), dtype=bool)
    dup[valid] = out.loc[valid, key_cols].duplicated(keep="first").to_numpy()
    if dup.any():
        first_line = out.loc[valid].drop_duplicates(key_cols).set_index(key_cols)["line"]
        earlier = out.loc[dup, key_cols].apply(tuple, axis=1) if len(key_cols) > 1 else out.loc[dup, key_cols[0]]
        lines = earlier.map(first_line.to_dict() if len(key_cols) > 1 else first_line).astype(str)
        check.reject(dup, kind.key[-1], _("Duplicate inside the batch (same key as line %(line)s).")
                     % {"line": "{line}"}, values=out[key_cols[-1]])
        # put each duplicate's first line into its reason
        last = check.found[-1]
        last["reason"] = [r.replace("{line}", ln) for r, ln in zip(last["reason"], lines.to_numpy())]
    rows = out.loc[~check.bad]
    return Result(rows=rows, rejects=check.rejects(), received=len(frame))
