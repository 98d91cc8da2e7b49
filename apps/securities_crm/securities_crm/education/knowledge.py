"""Knowledge tests, taken by clients: start an attempt, submit answers, scored by the server.

The rules the server keeps, whatever a page sends: the attempts allowed per version, the time limit (the
deadline is set at the start; answers arriving later are not scored and the attempt expires), and the pass
mark (a score equal to it passes). Clients never receive the correct answers (`paper`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..doctype.knowledge_test.model import KnowledgeTest
from ..doctype.knowledge_test_attempt.model import AttemptStatus, KnowledgeTestAttempt

# Answers sent within this long after the deadline still count: the page's own clock and the network.
GRACE = dt.timedelta(seconds=15)


def paper(test: KnowledgeTest) -> list[dict]:
    """The questions as a client sees them: text, options and score, without the correct keys."""
    return [
        {"id": q.pk, "text": q.text, "options": q.options, "score": q.score, "multiple": q.multiple}
        for q in test.question_rows.all()
    ]


def expire_overdue(attempts) -> None:
    now = timezone.now()
    for a in attempts:
        if a.status == AttemptStatus.IN_PROGRESS and now > a.deadline + GRACE:
            KnowledgeTestAttempt.objects.filter(pk=a.pk, status=AttemptStatus.IN_PROGRESS).update(
                status=AttemptStatus.EXPIRED
            )
            a.status = AttemptStatus.EXPIRED


def start(client, test: KnowledgeTest) -> KnowledgeTestAttempt:
    """The client's attempt in progress, or a new one if they have attempts left (417 otherwise)."""
    if not test.is_active:
        raise ValidationError({"test": _("This test is not open.")})
    if KnowledgeTestAttempt.objects.filter(client=client, test=test, passed=True).exists():
        raise ValidationError({"test": _("You have already passed this test.")})
    attempts = list(KnowledgeTestAttempt.objects.filter(client=client, test=test).order_by("attempt_no"))
    expire_overdue(attempts)
    running = next((a for a in attempts if a.status == AttemptStatus.IN_PROGRESS), None)
    if running is not None:
        return running
    if len(attempts) >= test.max_attempts:
        raise ValidationError(
            {"test": _("You have used all %(count)s attempts at this test.") % {"count": test.max_attempts}}
        )
    now = timezone.now()
    attempt = KnowledgeTestAttempt(
        test=test,
        test_code=test.code,
        test_version=test.version,
        client=client,
        attempt_no=len(attempts) + 1,
        started_at=now,
        deadline=now + dt.timedelta(minutes=test.time_limit_minutes),
        max_score=test.max_score,
        pass_mark=test.pass_mark,
    )
    try:
        with transaction.atomic():
            attempt.save()
    except IntegrityError:  # a second start at the same moment: theirs is the attempt
        return KnowledgeTestAttempt.objects.get(client=client, test=test, attempt_no=attempt.attempt_no)
    return attempt


def score(test: KnowledgeTest, answers: dict) -> int:
    return sum(q.scores(answers.get(str(q.pk), answers.get(q.pk))) for q in test.question_rows.all())


def submit(attempt: KnowledgeTestAttempt, answers) -> KnowledgeTestAttempt:
    """Score the answers. After the deadline the attempt expires unscored (and counts as used)."""
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Give the answers as question: chosen option keys.")})
    with transaction.atomic():
        attempt = KnowledgeTestAttempt.objects.select_for_update().get(pk=attempt.pk)
        if attempt.status != AttemptStatus.IN_PROGRESS:
            raise ValidationError({"status": _("This attempt is over; start a new one if you have attempts left.")})
        now = timezone.now()
        attempt.submitted_at = now
        if now > attempt.deadline + GRACE:
            attempt.status = AttemptStatus.EXPIRED
            attempt.save()
            return attempt
        test = attempt.test
        known = {str(q.pk) for q in test.question_rows.all()}
        attempt.answers = {k: v for k, v in ((str(k), v) for k, v in answers.items()) if k in known}
        attempt.score = score(test, attempt.answers)
        attempt.passed = attempt.score >= attempt.pass_mark
        attempt.status = AttemptStatus.SUBMITTED
        attempt.save()
    return attempt
