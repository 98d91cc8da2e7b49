"""The periodic jobs: schedule.py is the whole schedule, run by `rqcron` (the Procfile's `cron`).
Putting work on a queue is core.jobs.enqueue, which services call."""
