"""Jobs: enqueued through securities_crm.core.jobs, run by a real RQ worker process; the schedule registers its cron jobs."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from securities_crm.core.jobs import QUEUES, enqueue, progress_of, set_progress
from securities_crm.tasks.sessions import clear_expired_sessions

pytestmark = pytest.mark.jobs


def _session(expired: bool) -> str:
    store = SessionStore()
    store["k"] = "v"
    store.create()
    if expired:
        Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() - timezone.timedelta(days=1))
    return store.session_key


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_an_enqueued_job_against_the_database(run_worker):
    old = [_session(expired=True) for _ in range(3)]
    fresh = _session(expired=False)
    job = enqueue(clear_expired_sessions, batch_size=2, queue="short")
    assert job.get_status() == "queued"

    done = run_worker()
    assert done.returncode == 0, done.stderr[-2000:]

    job.refresh()
    assert job.get_status() == "finished", done.stderr[-2000:]
    assert job.return_value() == 3
    assert job.meta["progress"] == {"done": 3, "total": 3, "note": ""}  # reported batch by batch
    assert progress_of(job) == "100% (3 / 3)"
    assert not Session.objects.filter(pk__in=old).exists()
    assert Session.objects.filter(pk=fresh).exists()


@pytest.mark.django_db(transaction=True)
def test_enqueue_waits_for_the_commit_and_refuses_unknown_queues():
    import django_rq
    from django.db import transaction

    with pytest.raises(ValueError):
        enqueue(clear_expired_sessions, queue="urgent")
    queue = django_rq.get_queue("long")
    with transaction.atomic():
        assert enqueue(clear_expired_sessions, queue="long", job_id="crm-test-commit") is None
        assert "crm-test-commit" not in queue.job_ids  # not before the commit
    assert "crm-test-commit" in queue.job_ids
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue(clear_expired_sessions, queue="long", job_id="crm-test-rollback")
        raise RuntimeError
    assert "crm-test-rollback" not in queue.job_ids  # a rolled-back transaction leaves no job
    job = enqueue(clear_expired_sessions, queue="long", job_id="crm-test-commit")
    assert job.id == "crm-test-commit" and queue.job_ids.count("crm-test-commit") == 1
    job.delete()


def test_the_schedule_registers_every_cron_job():
    """What the Procfile's `rqcron securities_crm.tasks.schedule` loads: every SCHEDULE entry, as a cron job."""
    import django_rq
    from rq.cron import CronScheduler

    from securities_crm.tasks import schedule

    scheduler = CronScheduler(connection=django_rq.get_connection("default"))
    scheduler.load_config_from_file("securities_crm.tasks.schedule")
    registered = {(job.func_name, job.queue_name, job.cron) for job in scheduler.get_jobs()}
    expected = {(f"{f.__module__}.{f.__name__}", q, c) for f, q, c in schedule.SCHEDULE}
    assert expected and registered == expected
    assert all(q in QUEUES for _, q, _ in schedule.SCHEDULE)
    assert all(job.next_enqueue_time is not None for job in scheduler.get_jobs())


def test_progress_outside_a_worker_is_a_no_op_and_reads_as_nothing():
    import django_rq
    from rq.job import Job

    set_progress(1, 2)  # a management command calling a job function directly: nothing to record
    job = Job.create(clear_expired_sessions, connection=django_rq.get_connection("default"))
    assert progress_of(job) == ""
    job.meta["progress"] = {"done": 450, "total": 1000, "note": "SH01"}
    assert progress_of(job) == "45% (450 / 1,000) SH01"
