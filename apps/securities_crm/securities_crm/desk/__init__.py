"""The desk at /app/: Django's admin themed by django-unfold, grouped by module, filtered by policy."""
