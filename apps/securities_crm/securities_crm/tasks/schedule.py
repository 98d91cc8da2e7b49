"""The schedule, like Frappe's `scheduler_events`: every periodic job, in one place.

Run by RQ's cron: `manage.py rqcron securities_crm.tasks.schedule` (the Procfile's `cron`).
Times are cron expressions in UTC; 18:30 UTC is 02:30 in Shanghai.
"""

from rq import cron

from ..education.jobs import event_reminders, finish_ended_events
from ..feedback.distribution import run_schedules as feedback_schedules
from ..monitoring.jobs import escalate_overdue, full_scan
from ..outbox import send_pending as send_outbox
from ..profiling.jobs import nightly as profile_nightly
from ..service.jobs import check_sla, schedule_daily
from ..suitability.jobs import assessment_expiry_reminders
from .sessions import clear_expired_sessions

SCHEDULE = [
    # (function, queue, cron expression)
    (clear_expired_sessions, "default", "30 18 * * *"),
    (assessment_expiry_reminders, "default", "0 17 * * *"),  # 01:00 Shanghai
    (full_scan, "long", "0 19 * * *"),  # 03:00 Shanghai: every rule over all data, cut into partition jobs
    (profile_nightly, "long", "0 20 * * *"),  # 04:00 Shanghai: client profiles (partition jobs), RFM, then segments
    (escalate_overdue, "default", "*/15 * * * *"),  # alerts past their SLA escalate into a case
    (check_sla, "short", "*/5 * * * *"),  # tickets: reminders before a breach, breaches escalate to the team lead
    (schedule_daily, "default", "30 22 * * *"),  # 06:30 Shanghai: care rules make tasks; callers matched
    (feedback_schedules, "default", "5 * * * *"),  # scheduled surveys whose cron came round go to their segment
    (send_outbox, "short", "*/5 * * * *"),  # the outbox: retries, and messages queued to go out later
    (event_reminders, "short", "*/5 * * * *"),  # events: reminders the day before and an hour before
    (finish_ended_events, "default", "*/15 * * * *"),  # events over: follow-up tasks, then event_ended
]

for func, queue, expression in SCHEDULE:
    cron.register(func, queue, cron=expression)
