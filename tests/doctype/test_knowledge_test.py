"""Knowledge tests: server-side scoring with the pass mark at its exact edge, attempts allowed, the time
limit kept by the server, the correct answers never sent to a client, and versions frozen once used."""

import datetime as dt

import pytest
from client_fixtures import english, world  # noqa: F401
from django.core.exceptions import ValidationError
from django.utils import timezone
from education_fixtures import answers, knowledge_test

from securities_crm.core.errors import DocumentImmutable
from securities_crm.doctype.knowledge_test_attempt.model import KnowledgeTestAttempt
from securities_crm.education import knowledge

pytestmark = pytest.mark.django_db


@pytest.fixture
def me(world):
    return world[1]["a1"]


@pytest.mark.parametrize(
    "right, score, passed",
    [
        ((True, True, False), 70, True),  # above
        ((True, False, True), 70, True),
        ((False, True, True), 60, True),  # exactly the pass mark: passes
        ((False, True, False), 30, False),
    ],
)
def test_the_pass_mark_at_its_edge(me, right, score, passed):
    test = knowledge_test(pass_mark=60)
    attempt = knowledge.submit(knowledge.start(me, test), answers(test, right))
    assert (attempt.score, attempt.passed, attempt.status) == (score, passed, "Submitted")


def test_one_point_below_the_mark_fails(me):
    test = knowledge_test(pass_mark=61)
    attempt = knowledge.submit(knowledge.start(me, test), answers(test, (False, True, True)))
    assert attempt.score == 60 and not attempt.passed


def test_multiple_choice_needs_exactly_the_correct_options(me):
    test = knowledge_test(pass_mark=100)
    given = answers(test)
    third = str(list(test.question_rows.all())[2].pk)
    given[third] = ["A", "B", "C"]  # ticking every box does not score
    assert knowledge.submit(knowledge.start(me, test), given).score == 70


def test_attempts_are_limited_and_a_pass_is_recorded_with_the_version(me):
    test = knowledge_test(max_attempts=2)
    first = knowledge.start(me, test)
    assert knowledge.start(me, test) == first  # the attempt in progress, not a second one
    knowledge.submit(first, answers(test, (False, False, False)))
    with pytest.raises(ValidationError) as over:
        knowledge.submit(first, answers(test))
    assert "status" in over.value.message_dict
    second = knowledge.start(me, test)
    assert second.attempt_no == 2
    knowledge.submit(second, answers(test, (False, False, True)))
    with pytest.raises(ValidationError) as used:
        knowledge.start(me, test)
    assert "test" in used.value.message_dict
    assert not KnowledgeTestAttempt.passes(me, "OPT").exists()
    newer = knowledge_test(version=2, max_attempts=2)
    passed = knowledge.submit(knowledge.start(me, newer), answers(newer))
    assert list(KnowledgeTestAttempt.passes(me, "OPT").values_list("test_version", flat=True)) == [2]
    assert KnowledgeTestAttempt.passes(me, "OPT", version=2).get() == passed
    with pytest.raises(ValidationError):
        knowledge.start(me, newer)  # already passed


def test_the_time_limit_is_kept_by_the_server(me):
    test = knowledge_test(minutes=10)
    attempt = knowledge.start(me, test)
    assert attempt.deadline == attempt.started_at + dt.timedelta(minutes=10)
    late = timezone.now() - dt.timedelta(minutes=11)
    KnowledgeTestAttempt.objects.filter(pk=attempt.pk).update(started_at=late, deadline=late + dt.timedelta(minutes=10))
    result = knowledge.submit(attempt, answers(test))
    assert (result.status, result.score, result.passed) == ("Expired", 0, False)
    assert KnowledgeTestAttempt.objects.get(pk=attempt.pk).status == "Expired"  # kept, and counted
    assert knowledge.start(me, test).attempt_no == 2


def test_an_abandoned_attempt_expires_when_the_client_comes_back(me):
    test = knowledge_test(minutes=5)
    attempt = knowledge.start(me, test)
    gone = timezone.now() - dt.timedelta(hours=1)
    KnowledgeTestAttempt.objects.filter(pk=attempt.pk).update(deadline=gone)
    again = knowledge.start(me, test)
    assert again.attempt_no == 2 and KnowledgeTestAttempt.objects.get(pk=attempt.pk).status == "Expired"


def test_the_paper_has_no_answers(me):
    test = knowledge_test()
    paper = knowledge.paper(test)
    assert len(paper) == 3 and all("correct" not in q for q in paper)
    assert paper[2]["multiple"] and not paper[0]["multiple"]


def test_a_version_with_attempts_is_frozen(me):
    test = knowledge_test()
    knowledge.start(me, test)
    test.pass_mark = 10
    with pytest.raises(ValidationError):
        test.save()
    question = test.question_rows.first()
    question.score = 99
    with pytest.raises(DocumentImmutable):
        question.save()


def test_a_question_needs_options_and_correct_keys(me):
    from securities_crm.doctype.knowledge_test_question.model import KnowledgeTestQuestion

    test = knowledge_test(code="STAR")
    with pytest.raises(ValidationError) as bad:
        KnowledgeTestQuestion(test=test, text="?", options=[{"key": "A", "text": "甲"}], correct=["A"]).save()
    assert "options" in bad.value.message_dict
    with pytest.raises(ValidationError) as wrong_key:
        KnowledgeTestQuestion(
            test=test, text="?", options=[{"key": "A", "text": "甲"}, {"key": "B", "text": "乙"}], correct=["Z"]
        ).save()
    assert "correct" in wrong_key.value.message_dict


def test_taking_a_test_in_the_portal(world, client):
    users, clients = world
    test = knowledge_test(pass_mark=60)
    client.force_login(users["portal"])
    url = f"/portal/learning/test/{test.pk}/"
    assert 'data-testid="start-test"' in client.get(url).content.decode()
    client.post(url, {"action": "start"})
    paper = client.get(url).content.decode()
    assert 'data-testid="test-form"' in paper and "correct" not in paper
    rows = list(test.question_rows.all())
    done = client.post(url, {"action": "submit", f"q{rows[1].pk}": "B", f"q{rows[2].pk}": ["A", "C"]})
    attempt = KnowledgeTestAttempt.objects.get(client=clients["a1"])
    assert done.url.endswith(f"/portal/learning/attempt/{attempt.pk}/")
    assert (attempt.score, attempt.passed) == (60, True)
    assert 'data-testid="result-passed"' in client.get(done.url).content.decode()
    other = KnowledgeTestAttempt.objects.exclude(client=clients["a1"])
    assert not other.exists()


def test_the_api_submits_and_scores(world, client):
    users, clients = world
    test = knowledge_test()
    client.force_login(users["portal"])
    url = "/api/method/securities_crm.api.education."
    started = client.post(url + "test_paper", {"test": test.pk}).json()["message"]
    assert all("correct" not in q for q in started["questions"])
    result = client.post(
        url + "submit_test",
        {"attempt": started["attempt"]["name"], "answers": answers(test, (True, False, False))},
        content_type="application/json",
    ).json()["message"]
    assert (result["score"], result["passed"]) == (40, False)
    # an attempt of someone else is not found
    stranger = knowledge_test(code="STAR")
    theirs = knowledge.start(clients["a2"], stranger)
    assert client.post(url + "submit_test", {"attempt": theirs.pk, "answers": "{}"}).status_code == 404
