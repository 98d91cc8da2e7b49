from django.contrib import admin, messages
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...permissions import policy
from ...service import tickets
from ..service_ticket.model import ServiceTicket
from .model import ClientInteraction


@admin.register(ClientInteraction)
class ClientInteractionDesk(DocTypeAdmin):
    list_display = ("occurred_at", "client", "interaction_type", "direction", "subject", "staff")
    list_filter = ("interaction_type", "direction", "occurred_at")
    list_select_related = ("client", "staff")
    search_fields = ("subject", "client__name", "client__client_name")
    autocomplete_fields = ("client",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "client",
                    "interaction_type",
                    "direction",
                    "occurred_at",
                    "subject",
                    "notes",
                    "staff",
                    "duration_minutes",
                )
            },
        ),
    )

    actions = ["make_tickets"]

    @admin.action(description=_("Turn into a service ticket"))
    def make_tickets(self, request, queryset):
        """A logged call becomes a ticket in one step (its notes an internal note on the ticket)."""
        if not policy.can(request.user, "create", ServiceTicket):
            messages.error(request, gettext("You may not create service tickets."))
            return
        made = [tickets.from_interaction(i, request.user) for i in queryset]
        messages.success(request, gettext("Tickets: %(names)s") % {"names": ", ".join(t.pk for t in made)})

    def save_model(self, request, obj, form, change):
        if not change and obj.staff_id is None:
            obj.staff = request.user
        super().save_model(request, obj, form, change)
