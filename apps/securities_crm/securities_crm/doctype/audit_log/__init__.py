"""Audit Log: who read a full personal value, logged in (or failed to), exported data or changed roles.

Rows are written through audit.log() (doctype/audit_log/audit.py); they are immutable, and no route
writes them by hand (system_only). The login and role-change receivers are in receivers.py.
"""
