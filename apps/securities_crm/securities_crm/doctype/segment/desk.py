"""The Segment desk: the list, the form with a live preview of the rule being edited (how many of the
clients you may see, and a sample, before saving), and the segment explorer (size and AUM over time,
members with filters and a CSV export, who entered and who left this week)."""

from __future__ import annotations

import csv
import json

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from ...core import jobs
from ...desk.base import DocTypeAdmin
from ...desk.dashboard import Chart
from ...doctype.audit_log import audit
from ...permissions import policy
from ...segments import catalogue, explorer
from ...segments import explain as explaining
from ...segments.jobs import refresh_named
from ...segments.membership import current_members
from ..branch.model import Branch
from ..client.model import Client
from .model import Segment, SegmentKind


class ClientSegmentFilter(admin.SimpleListFilter):
    """The Client list's "segment" filter: the clients now in a segment (an open membership), as the API's
    `segment` filter gives them. It offers the enabled segments the user may read."""

    title = _("Segment")
    parameter_name = "segment"

    def lookups(self, request, model_admin):
        segments = policy.filter_queryset(request.user, Segment.objects.filter(enabled=True), "read")
        return [(s.pk, s.label) for s in segments.order_by("kind", "segment_name")]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        segment = policy.filter_queryset(request.user, Segment.objects.filter(pk=value), "read").first()
        return queryset.filter(current_members(segment)) if segment is not None else queryset.none()


@admin.register(Segment)
class SegmentDesk(DocTypeAdmin):
    list_display = ("label", "kind", "members", "enabled", "marketing_allowed", "auto_tag", "explorer_link")
    list_filter = ("kind", "enabled", "marketing_allowed")
    search_fields = ("segment_name", "description")
    fields = (
        "segment_name",
        "kind",
        "rule",
        "parameters",
        "rule_preview",
        "enabled",
        "marketing_allowed",
        "auto_tag",
        "description",
        "explorer_link",
    )
    readonly_fields = ("rule_preview", "explorer_link")
    actions = ["refresh_now"]

    @admin.action(description=_("Refresh the members now (in the background)"))
    def refresh_now(self, request, queryset):
        if not policy.has_right(request.user, "write", Segment):
            raise PermissionDenied
        names = list(queryset.filter(enabled=True).values_list("pk", flat=True))
        jobs.enqueue(refresh_named, names, queue="long")
        messages.info(request, gettext("%(n)s segments will be refreshed in the background.") % {"n": len(names)})

    @admin.display(description=_("Segment Name"), ordering="segment_name")
    def label(self, obj):
        return obj.label

    @admin.display(description=_("Members"))
    def members(self, obj):
        return obj.memberships.filter(left_on__isnull=True).count()

    @admin.display(description=_("Explorer"))
    def explorer_link(self, obj):
        if obj is None or not obj.pk:
            return "-"
        url = reverse("admin:securities_crm_segment_explorer", args=[obj.pk])
        return format_html('<a class="underline text-primary-600" href="{}">{}</a>', url, gettext("Open the explorer"))

    @admin.display(description=_("Preview"))
    def rule_preview(self, obj):
        fields = ", ".join(e.name for e in catalogue.entries().values())
        return format_html(
            '<div id="segment-preview" data-url="{}" data-kind="{}">'
            '<button type="button" class="border border-base-200 rounded-default px-3 py-1" id="segment-preview-run">'
            '{}</button> <span id="segment-preview-result" class="ml-2"></span>'
            '<ul id="segment-preview-sample" class="mt-2 text-sm"></ul>'
            '<p class="text-xs text-base-500 mt-2">{} {}</p></div>'
            '<script src="{}" defer></script>',
            reverse("admin:securities_crm_segment_preview"),
            obj.kind if obj is not None and obj.pk else "",
            gettext("Preview the rule as it is now"),
            gettext("Fields a rule can read:"),
            fields,
            static("securities_crm/segment_preview.js"),
        )

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("preview/", view(self.preview_view), name="securities_crm_segment_preview"),
            path("<path:object_id>/explorer/", view(self.explorer_view), name="securities_crm_segment_explorer"),
            path(
                "<path:object_id>/explorer/export/",
                view(self.export_view),
                name="securities_crm_segment_explorer_export",
            ),
            *super().get_urls(),
        ]

    # --- the preview of an unsaved rule --------------------------------------------------
    def preview_view(self, request):
        return _preview(request)

    # --- the explorer --------------------------------------------------------------------
    def _segment(self, request, object_id) -> Segment:
        return get_object_or_404(policy.filter_queryset(request.user, Segment.objects.all()), pk=object_id)

    def explorer_view(self, request, object_id):
        segment = self._segment(request, object_id)
        filters = explorer.Filters.from_query(request.GET)
        today = timezone.localdate()
        snaps = explorer.history(segment)
        charts = []
        if snaps:
            labels = [s.date.strftime("%m-%d") for s in snaps]
            charts = [
                (_("Members over time"), Chart(labels, {gettext("Members"): [s.count for s in snaps]}, kind="line")),
                (_("AUM over time (CNY)"), Chart(labels, {gettext("AUM"): [float(s.aum) for s in snaps]}, kind="line")),
            ]
        tiers = []
        if segment.kind == SegmentKind.TIER:
            latest = snaps[-1].date if snaps else None
            tiers = [
                (gettext(t.tier), t.tier, t.count, t.aum)
                for t in segment.snapshots.filter(date=latest).exclude(tier="").order_by("aum")
            ]
        page = Paginator(explorer.members(request.user, segment, filters), 50).get_page(request.GET.get("page"))
        start, entered, left = explorer.week(request.user, segment, today)
        export_url = reverse("admin:securities_crm_segment_explorer_export", args=[segment.pk])
        context = {
            **self.admin_site.each_context(request),
            "title": segment.label,
            "opts": Segment._meta,
            "segment": segment,
            "charts": charts,
            "latest": snaps[-1] if snaps else None,
            "tiers": tiers,
            "filters": filters,
            "branches": policy.filter_queryset(request.user, Branch.objects.all()).order_by("branch_code"),
            "page": page,
            "rows": [(m, explorer.why_text(m.why)) for m in page.object_list],
            "week_start": start,
            "today": today,
            "entered": entered[:50],
            "left": left[:50],
            "export_url": f"{export_url}?{request.GET.urlencode()}",
            "may_export": policy.has_right(request.user, "export", Segment),
            "change_url": reverse("admin:securities_crm_segment_change", args=[segment.pk]),
        }
        return TemplateResponse(request, "securities_crm/segments/explorer.html", context)

    def export_view(self, request, object_id):
        segment = self._segment(request, object_id)
        if not policy.has_right(request.user, "export", Segment):
            raise PermissionDenied
        rows = explorer.members(request.user, segment, explorer.Filters.from_query(request.GET))
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="segment-{segment.pk}.csv"'
        response.write("\ufeff")  # so spreadsheet programs read the Chinese names as UTF-8
        writer = csv.writer(response)
        writer.writerow(
            [
                gettext("Client"),
                gettext("Client Name"),
                gettext("Branch"),
                gettext("Tier"),
                gettext("Entered On"),
                gettext("Left On"),
                gettext("Why"),
            ]
        )
        count = 0
        for m in rows.iterator():
            writer.writerow(
                [
                    m.client_id,
                    m.client.client_name,
                    m.client.branch_id,
                    m.tier,
                    m.entered_on.isoformat(),
                    m.left_on.isoformat() if m.left_on else "",
                    json.dumps(m.why, ensure_ascii=False),
                ]
            )
            count += 1
        audit.log(
            audit.EXPORT,
            user=request.user,
            doctype="Segment Membership",
            channel="desk",
            detail=f"{segment.pk}: {count} rows",
            request=request,
        )
        return response


@require_POST
def _preview(request):
    """POST rule, parameters and kind (the form's current text): the count over the clients in the
    viewer's record scope and a sample, or the errors naming what does not fit (HTTP 417)."""
    if not policy.has_right(request.user, "read", Segment):
        raise PermissionDenied
    try:
        rule = json.loads(request.POST.get("rule") or "{}")
        parameters = json.loads(request.POST.get("parameters") or "{}")
    except ValueError:
        return JsonResponse({"errors": [gettext("The rule and the parameters must be valid JSON.")]}, status=417)
    scope = policy.scope(request.user, Client, "read")
    within = Client.objects.all() if scope is None else Client.objects.filter(scope)
    sample = 20 if policy.has_right(request.user, "read", Client) else 0
    try:
        result = explaining.preview(
            rule, parameters, within, kind=request.POST.get("kind") or SegmentKind.RULE, sample=sample
        )
    except ValidationError as exc:
        return JsonResponse({"errors": exc.messages}, status=417)
    result["text"] = gettext("%(count)s clients match.") % {"count": result["count"]}
    for row in result["sample"]:
        row["url"] = reverse("admin:securities_crm_client_change", args=[row["name"]])
    return JsonResponse(result)
