"""Registrations: by event and status, the waitlist in its order. Written by the system (education/events.py)."""

from django.contrib import admin

from ...desk.base import DocTypeAdmin
from .model import EventRegistration


@admin.register(EventRegistration)
class EventRegistrationDesk(DocTypeAdmin):
    list_display = ("name", "event", "client", "status", "waitlist_position", "checked_in_at", "wants_contact")
    list_select_related = ("event", "client")
    list_filter = ("status", "wants_contact", "event")
    search_fields = ("=name", "client__client_name", "event__event_name")
    ordering = ("event", "status", "waitlist_position", "registered_at")
