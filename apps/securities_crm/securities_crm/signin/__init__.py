"""Signing in, the same way for the desk, the portal and the API: django-axes' lockout after repeated
failures (one count for all three), its answer in each one's shape, and the audit row it leaves."""
