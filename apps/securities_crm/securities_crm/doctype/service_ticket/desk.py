"""The agent's desk: the queue (mine, my team's, unassigned, breaching soon), and the ticket page with its
thread, a reply box with quick replies (saved replies, placeholders filled in), merge and split."""

import datetime as dt

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...permissions import policy
from ...service import attachments, tickets
from ..saved_reply.model import SavedReply
from ..service_ticket_message.model import ServiceTicketMessage
from ..shared.service import UNFINISHED, TicketStatus
from ..staff_profile.model import StaffProfile
from .model import ServiceTicket

SOON = dt.timedelta(hours=2)  # "breaching soon": due within this


class QueueFilter(admin.SimpleListFilter):
    title = _("Queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [
            ("mine", _("Mine")),
            ("team", _("My team's")),
            ("unassigned", _("Unassigned")),
            ("soon", _("Breaching soon")),
            ("breached", _("Breached")),
        ]

    def queryset(self, request, queryset):
        value, user, unfinished = self.value(), request.user, queryset.filter(status__in=UNFINISHED)
        if value == "mine":
            return unfinished.filter(assigned_to=user)
        if value == "team":
            return unfinished.filter(team__in=user.service_teams.all())
        if value == "unassigned":
            return unfinished.filter(assigned_to__isnull=True)
        if value == "soon":
            now = timezone.now()
            return unfinished.filter(next_due__gte=now, next_due__lt=now + SOON)
        if value == "breached":
            return queryset.filter(Q(first_response_breached=True) | Q(resolution_breached=True))
        return queryset


@admin.register(ServiceTicket)
class ServiceTicketDesk(DocTypeAdmin):
    list_display = (
        "name",
        "subject",
        "client",
        "channel",
        "category",
        "priority",
        "status",
        "team",
        "assigned_to",
        "due_shown",
        "breached",
    )
    list_select_related = ("client", "category", "team", "assigned_to")
    list_filter = (QueueFilter, "status", "priority", "channel", "category", "team", "confidential")
    search_fields = ("=name", "subject", "client__client_name", "contact_email", "=complaint__external_reference")
    ordering = ("next_due", "-creation")
    autocomplete_fields = ("client",)
    change_form_outer_after_template = "securities_crm/service/thread.html"
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "subject",
                    "client",
                    "channel",
                    "category",
                    "priority",
                    "team",
                    "assigned_to",
                    "status",
                    "workflow_link",
                )
            },
        ),
        (
            _("Contact"),
            {
                "fields": (
                    "contact_name",
                    "contact_email",
                    "contact_mobile",
                    "sender_id",
                    "confidential",
                    "interaction",
                ),
                "classes": ["tab"],
            },
        ),
        (
            _("SLA"),
            {
                "fields": (
                    "sla_policy",
                    "first_response_due",
                    "first_responded_at",
                    "first_response_breached",
                    "resolution_due",
                    "resolved_at",
                    "resolution_breached",
                    "paused_at",
                    "paused_minutes",
                    "escalated_at",
                    "closed_at",
                ),
                "classes": ["tab"],
            },
        ),
        (_("Satisfaction"), {"fields": ("csat_score", "csat_comment", "csat_at"), "classes": ["tab"]}),
        (_("History"), {"fields": ("merged_into", "split_from", "transition_log"), "classes": ["tab"]}),
    )
    readonly_fields = ("workflow_link", "transition_log")

    @admin.display(description=_("Due"), ordering="next_due")
    def due_shown(self, obj):
        if obj.next_due is None:
            return "-"
        due, now = timezone.localtime(obj.next_due), timezone.now()
        colour = "#dc2626" if obj.next_due < now else "#d97706" if obj.next_due < now + SOON else "inherit"
        return format_html('<span style="color:{}">{}</span>', colour, due.strftime("%m-%d %H:%M"))

    @admin.display(description=_("Breached"), boolean=True)
    def breached(self, obj):
        return obj.first_response_breached or obj.resolution_breached

    def changelist_view(self, request, extra_context=None):
        profile = StaffProfile.objects.filter(user=request.user).first()
        extra_context = {**(extra_context or {}), "away": profile.away if profile else None}
        return super().changelist_view(request, extra_context)

    # --- the ticket page's own actions ----------------------------------------------------
    def get_urls(self):
        own = [
            path(
                "<path:object_id>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="securities_crm_serviceticket_reply",
            ),
            path(
                "<path:object_id>/merge/",
                self.admin_site.admin_view(self.merge_view),
                name="securities_crm_serviceticket_merge",
            ),
            path(
                "<path:object_id>/split/<int:message>/",
                self.admin_site.admin_view(self.split_view),
                name="securities_crm_serviceticket_split",
            ),
            path(
                "<path:object_id>/file/<int:message>/<int:index>/",
                self.admin_site.admin_view(self.file_view),
                name="securities_crm_serviceticket_file",
            ),
            path("away/", self.admin_site.admin_view(self.away_view), name="securities_crm_serviceticket_away"),
        ]
        return own + super().get_urls()

    def _ticket(self, request, object_id, action="write"):
        ticket = get_object_or_404(policy.filter_queryset(request.user, ServiceTicket.objects.all()), pk=object_id)
        if action != "read" and not policy.can(request.user, action, ticket):
            raise PermissionDenied
        return ticket

    def _back(self, ticket):
        return redirect(reverse("admin:securities_crm_serviceticket_change", args=[ticket.pk]))

    def _fail(self, request, exc: ValidationError):
        for errors in exc.message_dict.values():
            messages.error(request, " ".join(errors))

    def reply_view(self, request, object_id):
        ticket = self._ticket(request, object_id)
        if request.method != "POST":
            return self._back(ticket)
        try:
            tickets.reply(
                ticket,
                request.user,
                request.POST.get("reply_body", ""),
                internal=bool(request.POST.get("reply_internal")),
                files=request.FILES.getlist("reply_file"),
                status=request.POST.get("reply_status") or None,
            )
        except ValidationError as exc:
            self._fail(request, exc)
            request.session["reply_draft"] = request.POST.get("reply_body", "")
        else:
            messages.success(request, _t("Your reply was added to %(name)s.") % {"name": ticket.pk})
        return self._back(ticket)

    def merge_view(self, request, object_id):
        ticket = self._ticket(request, object_id)
        target_name = (request.POST.get("merge_into") or "").strip()
        target = (
            policy.filter_queryset(request.user, ServiceTicket.objects.all(), "write").filter(pk=target_name).first()
        )
        if request.method != "POST" or target is None:
            messages.error(request, _t("There is no ticket %(name)s you may change.") % {"name": target_name or "-"})
            return self._back(ticket)
        try:
            tickets.merge(ticket, target, request.user, request.POST.get("merge_reason", ""))
        except ValidationError as exc:
            self._fail(request, exc)
            return self._back(ticket)
        messages.success(request, _t("%(a)s was merged into %(b)s.") % {"a": ticket.pk, "b": target.pk})
        return self._back(target)

    def split_view(self, request, object_id, message):
        ticket = self._ticket(request, object_id)
        found = get_object_or_404(ServiceTicketMessage, pk=message, ticket=ticket)
        if request.method != "POST":
            return self._back(ticket)
        new = tickets.split(found, request.user)
        messages.success(request, _t("The message was split into %(name)s.") % {"name": new.pk})
        return self._back(new)

    def file_view(self, request, object_id, message, index):
        ticket = self._ticket(request, object_id, "read")
        found = (
            policy.filter_queryset(request.user, ServiceTicketMessage.objects.filter(ticket=ticket))
            .filter(pk=message)
            .first()
        )
        if found is None or not 0 <= index < len(found.attachments or []):
            raise Http404
        entry = found.attachments[index]
        return FileResponse(
            attachments.open_file(entry), as_attachment=True, filename=entry["name"], content_type=entry["content_type"]
        )

    def away_view(self, request):
        profile = StaffProfile.objects.filter(user=request.user).first()
        if request.method == "POST" and profile is not None:
            profile.away = request.POST.get("away") == "1"
            profile._change_reason = _t("Marked away") if profile.away else _t("Marked back")
            profile.save()
        return redirect(reverse("admin:securities_crm_serviceticket_changelist") + "?queue=mine")

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(self._thread_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _thread_context(self, request, ticket):
        thread = policy.filter_queryset(
            request.user, ServiceTicketMessage.objects.filter(ticket=ticket).select_related("sender")
        ).order_by("sent_at", "name")
        values = {
            "client_name": ticket.client.client_name if ticket.client_id else ticket.contact_name,
            "ticket": ticket.pk,
            "subject": ticket.subject,
            "agent": request.user.get_full_name() or request.user.get_username(),
        }
        replies = policy.filter_queryset(request.user, SavedReply.objects.all())
        moves = [
            (s.value, s.label)
            for s in TicketStatus
            if s.value != ticket.status and ticket.doctype.workflow.to(ticket.status, s.value) is not None
        ]
        return {
            "thread": thread,
            "saved_replies": [(r.title, r.render(values)) for r in replies[:50]],
            "moves": moves,
            "may_write": policy.can(request.user, "write", ticket),
            "reply_draft": request.session.pop("reply_draft", ""),
            "ticket": ticket,
        }
