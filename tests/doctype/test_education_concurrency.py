"""Education under concurrent requests: two tabs starting a test get one attempt, two tabs opening an item
make one read, and time reported at once from several tabs is all counted."""

import threading

import pytest
from client_fixtures import english, world  # noqa: F401
from django.db import connection, connections
from education_fixtures import knowledge_test, published

from securities_crm.doctype.content_read.model import ContentRead
from securities_crm.doctype.knowledge_test_attempt.model import KnowledgeTestAttempt
from securities_crm.education import knowledge, reading

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 6


def _together(fn):
    """Run fn in WORKERS threads released at the same moment; returns their results and errors."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(("file:memorydb", ":memory:")):
        pytest.skip("in-memory SQLite is one connection; the file-backed run covers SQLite")
    gate, results, errors = threading.Barrier(WORKERS), [], []

    def worker():
        try:
            gate.wait()
            results.append(fn())
        except Exception as exc:  # noqa: BLE001  (reported by the test)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(WORKERS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_starts_make_one_attempt(world):
    me = world[1]["a1"]
    test = knowledge_test(max_attempts=1)
    results, errors = _together(lambda: knowledge.start(me, test).pk)
    assert not errors
    assert len(set(results)) == 1 and KnowledgeTestAttempt.objects.filter(client=me, test=test).count() == 1


def test_concurrent_reads_make_one_row_and_count_every_second(world):
    users, clients = world
    doc = published(users["marketing"], users["compliance"])
    me = clients["a1"]
    results, errors = _together(lambda: reading.progress(me, doc, 10).pk)
    assert not errors
    assert len(set(results)) == 1
    assert ContentRead.objects.get(content=doc, client=me).seconds_spent == 10 * WORKERS
