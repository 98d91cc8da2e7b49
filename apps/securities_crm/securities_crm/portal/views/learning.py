"""The learning centre (投资者教育): content for me, reading it (tracked), acknowledging mandatory risk
notices, taking knowledge tests and my investor-education record. Phone first.

Content is looked up only among what this client may see (published, current, in its window, on the portal
channel and in its audience), so a direct link to anything else is a 404. The body is nh3-sanitised on
save and again when rendered (EducationContent.rendered).
"""

import json

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ...doctype.content_read.model import ContentRead
from ...doctype.education_content.model import EducationContent
from ...doctype.knowledge_test.model import KnowledgeTest
from ...doctype.knowledge_test_attempt.model import AttemptStatus, KnowledgeTestAttempt
from ...education import content as contents
from ...education import knowledge, reading, statistics
from ..access import client_page, mine


def _item(request, name) -> EducationContent:
    found = EducationContent.objects.for_client(request.client).filter(pk=name).first()
    if found is None:
        raise Http404
    return found


@client_page
def centre(request):
    client = request.client
    items = EducationContent.objects.for_client(client).order_by("-published_at")
    reads = {r.content_id: r for r in ContentRead.objects.filter(client=client, content__in=items)}
    passed = set(KnowledgeTestAttempt.objects.filter(client=client, passed=True).values_list("test_id", flat=True))
    return render(
        request,
        "portal/learning.html",
        {
            "pending": reading.pending_acknowledgements(client),
            "rows": [{"doc": d, "read": reads.get(d.pk), "excerpt": contents.excerpt(d)} for d in items],
            "tests": [{"test": t, "passed": t.pk in passed} for t in KnowledgeTest.objects.filter(is_active=True)],
        },
    )


@client_page
def item(request, name):
    doc = _item(request, name)
    read = reading.opened(request.client, doc)
    return render(
        request,
        "portal/learning_item.html",
        {"doc": doc, "read": read, "body": mark_safe(doc.rendered)},  # noqa: S308 (nh3-sanitised)
    )


@client_page
@require_POST
def progress(request, name):
    """The page's beat: seconds spent since the last one, and whether the reader reached the end."""
    doc = _item(request, name)
    try:
        given = json.loads(request.body or b"{}") if request.content_type == "application/json" else request.POST
        read = reading.progress(
            request.client, doc, given.get("seconds", 0), str(given.get("end", "")) in ("1", "true", "True")
        )
    except (ValueError, ValidationError) as exc:
        return JsonResponse({"error": " ".join(getattr(exc, "messages", [str(exc)]))}, status=417)
    return JsonResponse({"seconds_spent": read.seconds_spent, "read_to_end": read.read_to_end})


@client_page
@require_POST
def acknowledge(request, name):
    doc = _item(request, name)
    if request.POST.get("confirm") == "yes":
        reading.acknowledge(request.client, doc)
    return redirect("portal:learning_item", name=doc.pk)


@client_page
@require_http_methods(["GET", "POST"])
def test(request, name):
    """A knowledge test: its rules and a start button; then the paper until submitted; then the result."""
    found = KnowledgeTest.objects.filter(pk=name, is_active=True).first()
    if found is None:
        raise Http404
    client, error = request.client, ""
    attempts = list(
        mine(request, KnowledgeTestAttempt.objects.filter(test=found, client=client)).order_by("-attempt_no")
    )
    knowledge.expire_overdue(attempts)
    running = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    if request.method == "POST":
        try:
            if request.POST.get("action") == "start":
                knowledge.start(client, found)
                return redirect("portal:learning_test", name=found.pk)
            if running is None:
                raise ValidationError({"status": _("Start the test first.")})
            answers = {str(q.pk): request.POST.getlist(f"q{q.pk}") for q in found.question_rows.all()}
            done = knowledge.submit(running, answers)
            return redirect("portal:learning_attempt", name=done.pk)
        except ValidationError as exc:
            error = " ".join(exc.messages)
    return render(
        request,
        "portal/learning_test.html",
        {
            "test": found,
            "running": running,
            "paper": knowledge.paper(found) if running else [],
            "attempts": attempts,
            "left": max(0, found.max_attempts - len(attempts)),
            "passed": any(a.passed for a in attempts),
            "error": error,
        },
    )


@client_page
def attempt(request, name):
    found = mine(request, KnowledgeTestAttempt.objects.select_related("test").filter(pk=name)).first()
    if found is None:
        raise Http404
    return render(request, "portal/learning_attempt.html", {"attempt": found})


@client_page
def my_record(request):
    record = statistics.client_record(request.client.pk)
    rows = [
        {"a": a, "kind": statistics.shown(a.kind), "channel": statistics.shown(a.channel)} for a in record.activities
    ]
    return render(request, "portal/learning_record.html", {"record": record, "rows": rows})
