"""The outbox: messages to clients (portal inbox, email, SMS) queued once and sent by a job, so that
invitations, reminders and campaigns share one idempotent, audited way out. A service module."""
