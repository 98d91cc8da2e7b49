"""Document events handled by services, declared in one table (`securities_crm/hooks.py`), as
Frappe's `doc_events`:

    doc_events = {"Risk Assessment": {"before_submit": "securities_crm.suitability.assessments.score"}}

A model never imports the service that scores, validates or follows it: its lifecycle calls
`run(doc, event)`, and the table says who answers. AppConfig.ready loads the table once.

Events: validate (after the model's own validate, inside full_clean), after_insert (after a new
document is first saved, in the same transaction), before_submit (before the submitted document is
validated and saved), on_submit and on_cancel (after saving, in the same transaction), before_transition and after_transition (around a workflow move; handlers get the move,
the user, the reason and the move's values).
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from django.utils.module_loading import import_string

EVENTS = (
    "validate",
    "after_insert",
    "on_update",  # after every save, an insert too, as in Frappe
    "before_submit",
    "on_submit",
    "on_cancel",
    "before_transition",
    "after_transition",
)
_handlers: dict[tuple[str, str], list[Callable]] = {}

# Events of the app rather than of one document (`app_events` in securities_crm/hooks.py): a service
# announces that something happened to many records at once, and others follow without being imported.
#   after_ingest(doctype, accounts): an ingestion batch committed rows of `doctype` for these accounts
#   after_profiles(client_ids, as_of): Client Profiles were written (client_ids None: every client)
#   event_ended(event, client_ids): an Event is over; client_ids are its attendees (the post-event survey follows)
#   ticket_rated(ticket, channel): a client rated a resolved ticket (the CSAT survey records it as a response)
#   feedback_recorded(response): a Survey Response was recorded or its answers replaced (comment analysis follows)
APP_EVENTS = ("after_ingest", "after_profiles", "event_ended", "ticket_rated", "feedback_recorded")
_app_handlers: dict[str, list[Callable]] = {}


def load(module: str) -> None:
    """Read a `doc_events` table and resolve its dotted paths (once, at start-up)."""
    _handlers.clear()
    table = getattr(import_module(module), "doc_events", {})
    for doctype, events in table.items():
        for event, paths in events.items():
            if event not in EVENTS:
                raise ValueError(f"{module}: unknown document event {event!r} for {doctype}")
            for path in [paths] if isinstance(paths, str) else paths:
                _handlers.setdefault((doctype, event), []).append(import_string(path))
    _app_handlers.clear()
    for event, paths in getattr(import_module(module), "app_events", {}).items():
        if event not in APP_EVENTS:
            raise ValueError(f"{module}: unknown app event {event!r}")
        _app_handlers[event] = [import_string(p) for p in ([paths] if isinstance(paths, str) else paths)]


def run(doc, event: str, *args) -> None:
    for handler in _handlers.get((doc.doctype.name, event), ()):
        handler(doc, *args)


def fire(event: str, *args) -> None:
    """Call the handlers of an app event (APP_EVENTS), in the order hooks.py lists them."""
    if event not in APP_EVENTS:
        raise ValueError(f"unknown app event {event!r}")
    for handler in _app_handlers.get(event, ()):
        handler(*args)
