"""Investor-education methods: /api/method/securities_crm.api.education.<name>.

For a client (their own records only; anything outside their audience is not found):
    content_for_me()                      -> the live content for the caller, newest first
    read(content, seconds, end)           -> record reading: time spent (capped per call) and reaching the end
    acknowledge(content)                  -> confirm a mandatory risk notice
    test_paper(test)                      -> the caller's attempt in progress (started if need be) and the questions
    submit_test(attempt, answers)         -> scored by the server: {"score", "passed", "status", ...}
    my_record()                           -> items read, tests passed, events attended, hours and the activities
For staff:
    review(content)                       -> the banned phrases in the content, each with its position and context
    new_version(content)                  -> a draft re-editing published (or reviewed) content
    unacknowledged(content)               -> the clients in the audience who have not acknowledged it
    statistics_for(start, end)            -> the firm's activities and participants by source, channel and kind

The review moves themselves (submit, approve, reject, publish) go through securities_crm.api.workflow.transition.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from ..core import registry
from ..doctype.client.model import Client
from ..doctype.education_content.model import EducationContent
from ..doctype.knowledge_test.model import KnowledgeTest
from ..doctype.knowledge_test_attempt.model import KnowledgeTestAttempt
from ..education import content as contents
from ..education import knowledge, reading, statistics
from ..permissions import policy
from . import documents
from .errors import DoesNotExist, NotPermitted, ValidationError
from .whitelist import whitelist


def _client(request) -> Client:
    found = Client.objects.filter(user=request.user).first() if request.user.is_authenticated else None
    if found is None:
        raise NotPermitted(_("Only a client signed in to their own account can do this."))
    return found


def _mine(request, name) -> tuple[Client, EducationContent]:
    client = _client(request)
    found = EducationContent.objects.for_client(client).filter(pk=str(name or "")).first()
    if found is None:
        raise DoesNotExist(_("Education Content %(name)s not found") % {"name": name})
    return client, found


def _staff_content(request, name, action: str = "read") -> EducationContent:
    found = (
        documents.visible(request.user, registry.require("Education Content"), action)
        .filter(pk=str(name or ""))
        .first()
    )
    if found is None:
        raise DoesNotExist(_("Education Content %(name)s not found") % {"name": name})
    return found


def _date(name: str, value) -> dt.date | None:
    if value in (None, ""):
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ValidationError(_("%(name)s: give a date as YYYY-MM-DD.") % {"name": name}, field=name) from None


def _read_row(read) -> dict:
    return {
        "content": read.content_id,
        "opened_at": read.opened_at,
        "seconds_spent": read.seconds_spent,
        "read_to_end": read.read_to_end,
        "acknowledged_at": read.acknowledged_at,
    }


def _attempt_row(attempt: KnowledgeTestAttempt) -> dict:
    return {
        "name": attempt.pk,
        "test": attempt.test_id,
        "test_version": attempt.test_version,
        "attempt_no": attempt.attempt_no,
        "status": attempt.status,
        "started_at": attempt.started_at,
        "deadline": attempt.deadline,
        "submitted_at": attempt.submitted_at,
        "score": attempt.score,
        "max_score": attempt.max_score,
        "pass_mark": attempt.pass_mark,
        "passed": attempt.passed,
    }


@whitelist
def content_for_me(request) -> list[dict]:
    client = _client(request)
    rows = EducationContent.objects.for_client(client).order_by("-published_at")
    return [
        {
            "name": d.pk,
            "title": d.title,
            "kind": d.kind,
            "summary": contents.excerpt(d),
            "mandatory": d.mandatory,
            "version": d.version,
            "published_at": d.published_at,
            "body": d.rendered,  # sanitised by nh3
        }
        for d in rows
    ]


@whitelist(methods=("POST",))
def read(request, content=None, seconds=0, end=None) -> dict:
    client, doc = _mine(request, content)
    with documents.model_errors(EducationContent):
        row = reading.progress(client, doc, seconds, str(end).lower() in ("1", "true", "yes"))
    return _read_row(row)


@whitelist(methods=("POST",))
def acknowledge(request, content=None) -> dict:
    client, doc = _mine(request, content)
    with documents.model_errors(EducationContent):
        return _read_row(reading.acknowledge(client, doc))


@whitelist(methods=("POST",))
def test_paper(request, test=None) -> dict:
    client = _client(request)
    found = KnowledgeTest.objects.filter(pk=str(test or ""), is_active=True).first()
    if found is None:
        raise DoesNotExist(_("Knowledge Test %(name)s not found") % {"name": test})
    with documents.model_errors(KnowledgeTestAttempt):
        attempt = knowledge.start(client, found)
    return {"attempt": _attempt_row(attempt), "questions": knowledge.paper(found)}


@whitelist(methods=("POST",))
def submit_test(request, attempt=None, answers=None) -> dict:
    client = _client(request)
    found = KnowledgeTestAttempt.objects.filter(pk=str(attempt or ""), client=client).first()
    if found is None:
        raise DoesNotExist(_("Knowledge Test Attempt %(name)s not found") % {"name": attempt})
    with documents.model_errors(KnowledgeTestAttempt):
        return _attempt_row(knowledge.submit(found, answers))


@whitelist
def my_record(request) -> dict:
    record = statistics.client_record(_client(request).pk)
    return {
        "items_read": record.items_read,
        "tests_passed": record.tests_passed,
        "events_attended": record.events_attended,
        "hours": record.hours,
        "activities": [a.__dict__ for a in record.activities],
    }


@whitelist
def review(request, content=None) -> dict:
    doc = _staff_content(request, content)
    found = contents.review(doc)
    return {
        "content": doc.pk,
        "status": doc.status,
        "banned": [{"phrase": h.phrase, "position": h.start + 1, "context": h.snippet} for h in found.hits],
        "previous_version": doc.previous_version_id,
    }


@whitelist(methods=("POST",))
def new_version(request, content=None) -> dict:
    doc = _staff_content(request, content, "write")
    spec = registry.require("Education Content")
    documents.require_right(request.user, spec, "create")
    with documents.model_errors(EducationContent):
        draft = contents.new_version(doc)
    return documents.get_doc(request.user, spec, draft.pk)


@whitelist
def unacknowledged(request, content=None) -> list[dict]:
    doc = _staff_content(request, content)
    clients = policy.filter_queryset(request.user, reading.unacknowledged(doc), "read")
    return [{"name": c.pk, "client_name": c.client_name} for c in clients.order_by("name")]


@whitelist
def statistics_for(request, start=None, end=None) -> dict:
    documents.require_right(request.user, registry.require("Content Read"), "export")
    rows, totals = statistics.firm_statistics(_date("start", start), _date("end", end))
    return {"rows": [r.__dict__ for r in rows], "totals": totals}
