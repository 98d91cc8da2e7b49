"""Naming series: patterns, counters per prefix, and no duplicate under concurrent writers."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from securities_crm.core import naming


def test_expand_patterns():
    when = dt.datetime(2026, 3, 9, 12, tzinfo=dt.UTC)
    assert naming.expand("CL-.######", now=when) == ("CL-", 6)
    assert naming.expand("ALT-.YYYY.-.######", now=when) == ("ALT-2026-", 6)
    assert naming.expand("T.YY.MM.DD.-.###", now=when) == ("T260309-", 3)


def test_pattern_without_counter_is_refused():
    with pytest.raises(ValueError):
        naming.expand("CL-.YYYY")


@pytest.mark.django_db
def test_counters_count_per_prefix():
    assert naming.make_names("CL-.######", 3) == ["CL-000001", "CL-000002", "CL-000003"]
    assert naming.make_name("RA-.####") == "RA-0001"
    assert naming.make_name("CL-.######") == "CL-000004"


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_share_a_number():
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("in-memory SQLite is one connection; the file-backed run covers SQLite")
    results, errors = [], []

    def worker():
        try:
            for _ in range(20):
                results.append(naming.make_name("RACE-.######"))
        except Exception as exc:  # noqa: BLE001  (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    assert len(results) == 120
    assert len(set(results)) == 120
    assert max(results) == "RACE-000120"
