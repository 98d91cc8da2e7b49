"""The client 360 page's trading parts: tabs listing the client's trades, fund flows and
positions (paged, newest first, each linking to the full list filtered to the client, where the
list's filters apply), and a Trading overview with AUM and charts of daily turnover and net flow."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ...desk.client360 import ClientTab, client_tab
from ...desk.dashboard import Chart
from ...ingest import summaries
from ...permissions import policy
from ..fund_transfer.model import FundTransfer
from ..position.model import Position
from .model import Trade

CHART_DAYS = 90


@client_tab(order=40)
class TradesTab(ClientTab):
    model = Trade
    verbose_name_plural = _("Trades")
    fields = ("trade_time", "account", "instrument", "side", "quantity", "price", "amount", "fee", "channel")
    ordering = ("-trade_time",)


@client_tab(order=41)
class FundFlowsTab(ClientTab):
    model = FundTransfer
    verbose_name_plural = _("Fund Flows")
    fields = (
        "transfer_time",
        "account",
        "direction",
        "amount",
        "currency",
        "is_cash",
        "cross_border",
        "counterparty_bank",
    )
    ordering = ("-transfer_time",)


@client_tab(order=42)
class PositionsTab(ClientTab):
    model = Position
    verbose_name_plural = _("Positions")
    fields = ("position_date", "account", "instrument", "quantity", "market_value")
    ordering = ("-position_date", "account", "instrument")


def may_see(user) -> bool:
    return any(policy.has_right(user, "read", m) for m in (Trade, FundTransfer, Position))


def overview(request, client) -> str:
    """HTML for the client form's Trading tab: AUM, two charts and links to the filtered lists."""
    user = request.user
    links = []
    for model, label in ((Trade, _("All trades")), (FundTransfer, _("All fund flows")), (Position, _("All positions"))):
        if policy.has_right(user, "read", model):
            url = reverse(f"admin:securities_crm_{model._meta.model_name}_changelist")
            links.append((f"{url}?client__exact={client.pk}", label))
    charts = []
    if policy.can(user, "read", client):
        if policy.has_right(user, "read", Trade):
            dates, turnover = summaries.daily_turnover(client.pk, CHART_DAYS)
            charts.append(
                (
                    _("Daily turnover (last 90 days)"),
                    Chart([d.strftime("%m-%d") for d in dates], {_("Turnover"): [float(v) for v in turnover]}),
                )
            )
        if policy.has_right(user, "read", FundTransfer):
            dates, flow = summaries.daily_net_flow(client.pk, CHART_DAYS)
            charts.append(
                (
                    _("Daily net flow (last 90 days)"),
                    Chart([d.strftime("%m-%d") for d in dates], {_("Net flow"): [float(v) for v in flow]}),
                )
            )
    aum = summaries.client_aum([client.pk])[client.pk] if policy.has_right(user, "read", Position) else None
    return render_to_string(
        "securities_crm/ingest/client_trading.html", {"aum": aum, "charts": charts, "links": links}, request=request
    )
