"""Outbox Message: one message to one client or user, queued by securities_crm.outbox and sent by its job."""
