"""The scheduled service jobs (tasks/schedule.py). Each is idempotent: a rerun does nothing twice."""

from ..core.jobs import enqueue
from . import care, sla, tickets


def check_sla() -> dict:
    """Reminders before a breach, breaches and their escalation (every few minutes)."""
    return sla.check()


def run_care_rules() -> dict:
    return care.run_rules()


def match_unidentified() -> int:
    return tickets.match_unidentified()


def schedule_daily() -> None:
    """The daily service work, each on its own job (so one failing does not stop the other)."""
    enqueue("securities_crm.service.jobs.run_care_rules", queue="default", job_id="service-care-rules")
    enqueue("securities_crm.service.jobs.match_unidentified", queue="default", job_id="service-match-callers")
