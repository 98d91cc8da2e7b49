"""The event page: its sessions as a tab, the registrations and the waitlist on the form, and the check-in
page staff open on a phone at the door (a field that takes the scanned token, the phone's camera where
the browser has a QR detector, and the live count from a small poll endpoint)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from unfold.admin import TabularInline

from ...desk.base import DocTypeAdmin
from ...education import after, checkin, events
from ...permissions import policy
from ..event_registration.model import EventRegistration, RegistrationStatus
from ..event_session.model import EventSession
from .model import Event


class SessionsInline(TabularInline):
    model = EventSession
    tab = True
    extra = 0
    fields = ("title", "starts_at", "ends_at", "place", "link")
    verbose_name_plural = _("Sessions")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}  # a typed "meet.example.cn" is https

    def _parent(self, request, obj, action):
        return policy.can(request.user, action, obj if obj is not None else Event)

    def has_view_permission(self, request, obj=None):
        return self._parent(request, obj, "read")

    def has_change_permission(self, request, obj=None):
        return self._parent(request, obj, "write")

    def has_add_permission(self, request, obj=None):
        return self._parent(request, obj, "write")

    def has_delete_permission(self, request, obj=None):
        return self._parent(request, obj, "write")


def may_check_in(user) -> bool:
    return policy.has_right(user, "read", EventRegistration)


@admin.register(Event)
class EventDesk(DocTypeAdmin):
    list_display = ("name", "event_name", "kind", "status", "starts_at", "capacity", "seats", "checkin_link")
    list_filter = ("status", "kind", "starts_at")
    search_fields = ("=name", "event_name", "speakers")
    ordering = ("-starts_at",)
    inlines = [SessionsInline]
    filter_horizontal = ("audience_segments",)
    readonly_fields = ("registrations_shown", "checkin_link", "ended_at")
    actions = ["invite_audience"]
    fieldsets = (
        (None, {"fields": ("event_name", "kind", "status", "starts_at", "ends_at", "capacity", "checkin_link")}),
        (_("Registration"), {"fields": ("registration_opens", "registration_closes", "registrations_shown")}),
        (_("Programme"), {"fields": ("speakers", "agenda", "description")}),
        (_("Audience"), {"fields": ("audience_segments", "audience_risk_levels", "audience_investor_types")}),
        (_("After the event"), {"fields": ("ended_at",)}),
    )

    @admin.action(description=_("Invite the audience segments"))
    def invite_audience(self, request, queryset):
        total = 0
        for event in queryset:
            if not policy.can(request.user, "write", event):
                raise PermissionDenied
            try:
                total += events.invite_audience(event)
            except ValidationError as exc:
                messages.error(request, f"{event.event_name}: {' '.join(exc.messages)}")
        messages.success(request, gettext("%(n)d invitations queued.") % {"n": total})

    @admin.display(description=_("Seats Taken"))
    def seats(self, obj):
        counts = after.attendance(obj)
        return f"{counts['seats_taken']} / {obj.capacity} (+{counts['waitlisted']})"

    @admin.display(description=_("Check-in"))
    def checkin_link(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        return format_html(
            '<a class="underline" href="{}" data-testid="checkin-link">{}</a>',
            reverse("admin:securities_crm_event_checkin", args=[obj.pk]),
            _("Open the check-in page"),
        )

    @admin.display(description=_("Registrations"))
    def registrations_shown(self, obj):
        if obj is None or obj.pk is None:
            return "-"
        counts = after.attendance(obj)
        summary = gettext(
            "%(seats)d of %(capacity)d seats taken; %(attended)d attended, %(waiting)d waiting, "
            "%(no_shows)d no-shows, %(cancelled)d cancelled."
        ) % {
            "seats": counts["seats_taken"],
            "capacity": obj.capacity,
            "attended": counts["attended"],
            "waiting": counts["waitlisted"],
            "no_shows": counts["no_shows"],
            "cancelled": counts["cancelled"],
        }
        regs = (
            EventRegistration.objects.filter(event=obj)
            .exclude(status=RegistrationStatus.CANCELLED)
            .select_related("client")
            .order_by("status", "waitlist_position", "registered_at")
        )
        rows = [
            (
                r.client.client_name,
                r.get_status_display(),
                r.waitlist_position or "",
                timezone.localtime(r.checked_in_at).strftime("%Y-%m-%d %H:%M") if r.checked_in_at else "",
                gettext("Yes") if r.wants_contact else "",
            )
            for r in regs
        ]
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("Client"),
            _("Status"),
            _("Waitlist Position"),
            _("Checked In At"),
            _("Wants to Be Contacted"),
        )
        body = format_html_join("", "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>", rows)
        return format_html(
            '<p data-testid="registration-summary">{}</p><table class="w-full" data-testid="registrations">{}{}</table>',
            summary,
            head,
            body,
        )

    def get_urls(self):
        return [
            path(
                "<path:object_id>/checkin/count/",
                self.admin_site.admin_view(self.count_view),
                name="securities_crm_event_checkin_count",
            ),
            path(
                "<path:object_id>/checkin/",
                self.admin_site.admin_view(self.checkin_view),
                name="securities_crm_event_checkin",
            ),
            *super().get_urls(),
        ]

    def _event(self, request, object_id):
        if not may_check_in(request.user):
            raise PermissionDenied
        return get_object_or_404(policy.filter_queryset(request.user, Event.objects.all()), pk=object_id)

    def count_view(self, request, object_id):
        return JsonResponse(after.attendance(self._event(request, object_id)))

    def checkin_view(self, request, object_id):
        event = self._event(request, object_id)
        done, error = None, ""
        if request.method == "POST":
            try:
                done = checkin.check_in(event, request.POST.get("token", ""), request.user)
            except ValidationError as exc:
                error = " ".join(exc.messages)
        return TemplateResponse(
            request,
            "securities_crm/events/checkin.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Check-in"),
                "event": event,
                "done": done,
                "error": error,
                "counts": after.attendance(event),
                "count_url": reverse("admin:securities_crm_event_checkin_count", args=[event.pk]),
                "change_url": reverse("admin:securities_crm_event_change", args=[event.pk]),
                "opts": Event._meta,
            },
            status=417 if error else 200,
        )
