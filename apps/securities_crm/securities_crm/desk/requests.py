"""The request a desk page is serving, for read-only display methods, which Django's admin hands only
the object: simple_history's middleware keeps it for the length of the request. None outside one."""

from simple_history.models import HistoricalRecords


def current_request():
    return getattr(HistoricalRecords.context, "request", None)
