"""Accounts: the client's securities accounts, latest positions and market value, recent trades
and fund flows. Read through the record rules; AUM from ingest.summaries.client_aum."""

from django.db.models import Max
from django.shortcuts import render

from ...doctype.fund_transfer.model import FundTransfer
from ...doctype.position.model import Position
from ...doctype.securities_account.model import SecuritiesAccount
from ...doctype.trade.model import Trade
from ...ingest.summaries import client_aum
from ...security.masking import masked
from ..access import client_page, mine

RECENT = 20


@client_page
def accounts(request):
    client = request.client
    accounts = list(mine(request, SecuritiesAccount.objects.filter(client=client)).order_by("account_number"))
    positions = mine(request, Position.objects.filter(client=client))
    latest = positions.aggregate(day=Max("position_date"))["day"]
    holdings = positions.filter(position_date=latest).select_related("instrument", "account") if latest else []
    trades = mine(request, Trade.objects.filter(client=client)).select_related("instrument", "account")
    flows = mine(request, FundTransfer.objects.filter(client=client)).select_related("account")
    return render(
        request,
        "portal/accounts.html",
        {
            "accounts": [{"account": a, "bank_account": masked(a, "bank_account")} for a in accounts],
            "aum": client_aum([client.pk])[client.pk],
            "as_of": latest,
            "holdings": holdings,
            "trades": trades.order_by("-trade_time")[:RECENT],
            "flows": flows.order_by("-transfer_time")[:RECENT],
        },
    )
