"""The client 360 page's Profile tab: the client's computed profile (assets, activity, style,
preferences, RFM), AUM and turnover charts, the segments they are in with the values that put them
there, and their tags; under it, every stay in a segment (entered, left, why). Each part shows only what
the viewer's role may read, within the record rules."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from ...desk.dashboard import Chart
from ...ingest import summaries
from ...permissions import policy
from ...segments.explorer import why_text
from ..client_profile.model import ClientProfile
from ..client_tag.model import ClientTag
from ..position.model import Position
from ..trade.model import Trade
from .model import SegmentMembership

CHART_DAYS = 90


def _metrics(p: ClientProfile) -> list[tuple[str, list[tuple[str, object]]]]:
    """The profile's numbers in the issue's groups, each as (label, value)."""

    def show(*names):
        out = []
        for name in names:
            field = ClientProfile._meta.get_field(name)
            value = getattr(p, f"get_{name}_display")() if field.choices else getattr(p, name)
            out.append((str(field.verbose_name), "-" if value in (None, "") else value))
        return out

    return [
        (
            gettext("Assets"),
            show("aum", "avg_aum_3m", "avg_aum_6m", "avg_aum_12m", "peak_aum_12m", "aum_change_3m")
            + show("net_inflow_1m", "net_inflow_3m", "net_inflow_12m"),
        ),
        (
            gettext("Activity"),
            show("trades_1m", "trades_3m", "trades_6m", "trade_days_1m", "trade_days_3m", "trade_days_6m")
            + show("last_trade_on", "days_since_trade", "last_login_on", "days_since_login"),
        ),
        (
            gettext("Style"),
            show("turnover_6m", "holding_days", "style_tag", "follower_share", "follower_style"),
        ),
        (gettext("RFM"), show("rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_cell")),
    ]


def _preferences(p: ClientProfile) -> list[tuple[str, str]]:
    def shares(rows):
        return ", ".join(f"{r.get('key')} {float(r.get('share') or 0):.0%}" for r in rows or []) or "-"

    mix = ", ".join(f"{k} {float(v or 0):.0%}" for k, v in (p.channel_mix or {}).items()) or "-"
    return [
        (gettext("Top Markets"), shares(p.top_markets)),
        (gettext("Top Instrument Types"), shares(p.top_instrument_types)),
        (gettext("Top Industries"), shares(p.top_industries)),
        (gettext("Channel Mix"), mix),
    ]


def _charts(user, client) -> list:
    charts = []
    start = timezone.localdate() - dt.timedelta(days=CHART_DAYS)
    if policy.has_right(user, "read", Position):
        rows = (
            Position.objects.filter(client=client, position_date__gte=start)
            .values("position_date")
            .annotate(total=Sum("market_value"))
            .order_by("position_date")
        )
        if rows:
            charts.append(
                (
                    gettext("AUM (last 90 days)"),
                    Chart(
                        [r["position_date"].strftime("%m-%d") for r in rows],
                        {gettext("AUM"): [float(r["total"]) for r in rows]},
                        kind="line",
                    ),
                )
            )
    if policy.has_right(user, "read", Trade):
        dates, turnover = summaries.daily_turnover(client.pk, CHART_DAYS)
        if any(turnover):
            charts.append(
                (
                    gettext("Daily turnover (last 90 days)"),
                    Chart([d.strftime("%m-%d") for d in dates], {gettext("Turnover"): [float(v) for v in turnover]}),
                )
            )
    return charts


def profile_overview(request, client) -> str:
    user = request.user
    profile = None
    if policy.has_right(user, "read", ClientProfile):
        profile = policy.filter_queryset(user, ClientProfile.objects.filter(client=client)).first()
    current = []
    if policy.has_right(user, "read", SegmentMembership):
        for m in policy.filter_queryset(
            user, SegmentMembership.objects.filter(client=client, left_on__isnull=True).select_related("segment")
        ).order_by("segment__segment_name"):
            current.append(
                {
                    "label": m.segment.label,
                    "tier": gettext(m.tier) if m.tier else "",
                    "entered_on": m.entered_on,
                    "why": why_text(m.why),
                    "url": reverse("admin:securities_crm_segment_explorer", args=[m.segment_id]),
                }
            )
    tags = []
    if policy.has_right(user, "read", ClientTag):
        tags = [
            (gettext(t.tag) if t.source == "Automatic" else t.tag, t.source)
            for t in policy.filter_queryset(user, ClientTag.objects.filter(client=client)).order_by("tag")
        ]
    return render_to_string(
        "securities_crm/segments/profile_tab.html",
        {
            "profile": profile,
            "groups": _metrics(profile) if profile else [],
            "preferences": _preferences(profile) if profile and not profile.compliance_only else [],
            "charts": _charts(user, client),
            "segments": current,
            "tags": tags,
        },
        request=request,
    )


@client_tab(order=35)
class ProfileTab(ClientTab):
    model = SegmentMembership
    verbose_name_plural = pgettext_lazy("client 360 tab", "Profile")
    fields = ("segment", "tier", "entered_on", "left_on", "why_text")
    readonly_fields = fields
    ordering = ("-entered_on",)

    @admin.display(description=_("Why"))
    def why_text(self, obj):
        return why_text(obj.why) or "-"

    def overview(self, request, client) -> str:
        return profile_overview(request, client)

    def has_view_permission(self, request, obj=None):
        return any(policy.has_right(request.user, "read", m) for m in (SegmentMembership, ClientProfile))
