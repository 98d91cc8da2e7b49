"""Login Event: IPv4 and IPv6 addresses, devices, and the record rules of the account's client."""

import pytest
from trading_fixtures import desk_pages_open, ingest, trading  # noqa: F401  (fixtures)

from securities_crm.doctype.login_event.model import LoginEvent

pytestmark = pytest.mark.django_db


def test_logins_are_kept_and_only_the_clients_manager_sees_them(trading, client, make_user, branch):
    ingest(
        client,
        trading["token"],
        "login_events",
        [
            {
                "external_id": "L-1",
                "account": "A0001",
                "login_time": "2026-03-02 03:02:00",
                "ip_address": "185.220.101.7",
                "device": "Unknown Android",
                "channel": "Online",
            },
            {
                "external_id": "L-2",
                "account": "B0001",
                "login_time": "2026-03-02 09:00:00",
                "ip_address": "2001:db8::1",
            },
        ],
    )
    assert LoginEvent.objects.get(external_id="L-2").ip_address == "2001:db8::1"
    risk = make_user("risk_t", roles=["Risk Officer"], branch=branch)
    from securities_crm.permissions import policy

    assert policy.filter_queryset(risk, LoginEvent.objects.all()).count() == 2
    assert policy.filter_queryset(trading["cm"], LoginEvent.objects.all()).count() == 0  # no right for managers
    desk_pages_open(client, trading["admin"], "loginevent", LoginEvent.objects.first().pk)
