"""The scheduled event jobs (tasks/schedule.py). Each is idempotent: a rerun does nothing twice."""

from . import after


def event_reminders() -> dict:
    return after.send_reminders()


def finish_ended_events() -> list[str]:
    return after.finish_ended()
