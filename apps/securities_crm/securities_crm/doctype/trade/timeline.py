"""The timeline's trading lines: a client's trades and fund flows summarised per day (a day of
high-frequency orders is one line, not thousands)."""

from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...desk.timeline import Event, at_day_end, readable, timeline_source
from ...ingest import summaries
from ..fund_transfer.model import FundTransfer
from .model import Trade


def _money(value) -> str:
    return intcomma(f"{value or 0:.2f}")


@timeline_source(Trade)
def trades(user, client, limit):
    days = summaries.trade_days(readable(user, Trade.objects.filter(client=client)), limit)
    url = reverse("admin:securities_crm_trade_changelist") + f"?client__exact={client.pk}"
    return [
        Event(
            at_day_end(d["day"]),
            str(_("Trades")),
            _t("%(count)d trades, ¥%(amount)s") % {"count": d["count"], "amount": _money(d["amount"])},
            url,
            whole_day=True,
        )
        for d in days
    ]


@timeline_source(FundTransfer)
def fund_flows(user, client, limit):
    days = summaries.flow_days(readable(user, FundTransfer.objects.filter(client=client)), limit)
    url = reverse("admin:securities_crm_fundtransfer_changelist") + f"?client__exact={client.pk}"
    return [
        Event(
            at_day_end(d["day"]),
            str(_("Fund Flows")),
            _t("%(count)d transfers: in ¥%(inflow)s, out ¥%(outflow)s")
            % {"count": d["count"], "inflow": _money(d["inflow"]), "outflow": _money(d["outflow"])},
            url,
            whole_day=True,
        )
        for d in days
    ]
