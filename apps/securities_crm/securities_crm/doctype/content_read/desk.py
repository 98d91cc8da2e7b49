"""Content Reads in the desk, and the investor-education statistics page: activities and participants for
a period by source, channel and kind (education/statistics.py), exported as a spreadsheet."""

import datetime as dt

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from ...education import statistics
from ...permissions import policy
from .model import ContentRead

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class PeriodForm(forms.Form):
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


@admin.register(ContentRead)
class ContentReadDesk(DocTypeAdmin):
    list_display = ("content", "client", "channel", "opened_at", "seconds_spent", "read_to_end", "acknowledged_at")
    list_select_related = ("content", "client")
    list_filter = ("channel", "read_to_end", "content__kind")
    search_fields = ("content__title", "client__client_name")

    def get_urls(self):
        return [
            path(
                "statistics/",
                self.admin_site.admin_view(self.statistics_view),
                name="securities_crm_contentread_statistics",
            ),
            *super().get_urls(),
        ]

    def statistics_view(self, request):
        if not policy.has_right(request.user, "read", ContentRead):
            raise PermissionDenied
        today = timezone.localdate()
        form = PeriodForm(request.GET or {"start": dt.date(today.year, 1, 1), "end": today})
        start, end = (form.cleaned_data.get("start"), form.cleaned_data.get("end")) if form.is_valid() else (None, None)
        if request.GET.get("format") == "xlsx":
            if not policy.has_right(request.user, "export", ContentRead):
                raise PermissionDenied
            response = HttpResponse(statistics.xlsx(start, end), content_type=XLSX)
            response["Content-Disposition"] = (
                f'attachment; filename="investor-education-{start or "all"}-{end or today}.xlsx"'
            )
            return response
        rows, totals = statistics.firm_statistics(start, end)
        by_source: dict[str, int] = {}
        for r in rows:
            by_source[r.source] = by_source.get(r.source, 0) + r.activities
        most = max(by_source.values(), default=0) or 1
        return TemplateResponse(
            request,
            "securities_crm/education/statistics.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Education Statistics"),
                "opts": ContentRead._meta,
                "form": form,
                "rows": [
                    {
                        "row": r,
                        "source": statistics.source_label(r.source),
                        "channel": statistics.shown(r.channel),
                        "kind": statistics.shown(r.kind),
                    }
                    for r in rows
                ],
                "bars": [
                    {"label": statistics.source_label(k), "value": v, "percent": round(100 * v / most)}
                    for k, v in by_source.items()
                ],
                "totals": totals,
                "may_export": policy.has_right(request.user, "export", ContentRead),
                "query": request.GET.urlencode(),
            },
        )
