"""Audit Log: who read a full personal value, logged in (or failed to), exported data or changed roles.

Rows are written through security.audit.log(); they are immutable. The login and role-change
signal receivers live in model.py so they are connected whenever the models are loaded.
"""
