"""Naming series, as in Frappe: `CL-.######` gives CL-000001, `ALT-.YYYY.-.######` gives ALT-2026-000001.

A pattern is split on dots. Each part is a literal, a date token (YYYY, YY, MM, DD), a
`{fieldname}` taken from the document, or a run of `#` that is the zero-padded counter.
Counters live in one table keyed by the expanded prefix, so every year starts again at 1.

Counters must never hand out the same number twice, on any of our databases. The
increment is a single upsert (`current = current + n`): the row lock it takes is held
until the surrounding transaction commits, so a concurrent writer waits instead of reading
a stale value. SQLite runs with IMMEDIATE transactions (see settings) for the same effect.
"""

import re

from django.db import connection, models, transaction
from django.utils import timezone

_COUNTER = re.compile(r"^#+$")
_FIELD = re.compile(r"^\{(\w+)\}$")


class NamingSeries(models.Model):
    """The counter behind one expanded prefix (Frappe's `tabSeries`)."""

    prefix = models.CharField(max_length=140, primary_key=True)
    current = models.BigIntegerField(default=0)

    class Meta:
        app_label = "securities_crm"
        db_table = "crm_naming_series"


def expand(pattern: str, doc=None, now=None) -> tuple[str, int]:
    """Return (prefix, digits) for a pattern; the counter part is left out of the prefix."""
    now = timezone.localtime(now or timezone.now())
    prefix, digits = [], 0
    for part in pattern.split("."):
        if not part:
            continue
        if _COUNTER.match(part):
            digits = len(part)
        elif part == "YYYY":
            prefix.append(f"{now.year:04d}")
        elif part == "YY":
            prefix.append(f"{now.year % 100:02d}")
        elif part == "MM":
            prefix.append(f"{now.month:02d}")
        elif part == "DD":
            prefix.append(f"{now.day:02d}")
        elif (m := _FIELD.match(part)) and doc is not None:
            prefix.append(str(getattr(doc, m.group(1)) or ""))
        else:
            prefix.append(part)
    if not digits:
        raise ValueError(f"naming series {pattern!r} has no ### counter")
    return "".join(prefix), digits


def reserve(prefix: str, count: int = 1) -> int:
    """Reserve `count` consecutive numbers under `prefix` and return the first one.

    One upsert statement creates or bumps the counter. A separate "update, else insert"
    deadlocks on MariaDB when several writers create the same new prefix at once (each
    waits on the others' duplicate-key locks), so each database gets its native upsert.
    """
    table = connection.ops.quote_name(NamingSeries._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "mysql":
            cursor.execute(
                f"INSERT INTO {table} (prefix, current) VALUES (%s, %s) "
                f"ON DUPLICATE KEY UPDATE current = current + VALUES(current)",
                [prefix, count],
            )
            cursor.execute(f"SELECT current FROM {table} WHERE prefix = %s", [prefix])
        else:  # PostgreSQL and SQLite (3.35+) share the ON CONFLICT ... RETURNING form
            cursor.execute(
                f"INSERT INTO {table} (prefix, current) VALUES (%s, %s) "
                f"ON CONFLICT (prefix) DO UPDATE SET current = {table}.current + excluded.current "
                f"RETURNING current",
                [prefix, count],
            )
        last = cursor.fetchone()[0]
    return last - count + 1


def make_names(pattern: str, count: int, doc=None, now=None) -> list[str]:
    prefix, digits = expand(pattern, doc, now)
    first = reserve(prefix, count)
    return [f"{prefix}{n:0{digits}d}" for n in range(first, first + count)]


def make_name(pattern: str, doc=None, now=None) -> str:
    return make_names(pattern, 1, doc, now)[0]
