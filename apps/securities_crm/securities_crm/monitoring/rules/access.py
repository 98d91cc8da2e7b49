"""Access kinds: an unusual login, from a network or a device the account has not used within the window."""

import ipaddress

import pandas as pd
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from ...core.i18n import Message, Words
from ..kinds import HIT_COLUMNS, Param, kind
from .common import empty, tag


def networks(ips, ipv4_prefix: int, ipv6_prefix: int) -> pd.DataFrame:
    """Each address (ip) with its network (network): the IPv4 /ipv4_prefix or IPv6 /ipv6_prefix it lies in
    (an IPv4-mapped IPv6 address counts as its IPv4 address). What does not parse is its own network.
    Called on the distinct addresses only, which are few beside the logins."""
    out = []
    for ip in ips:
        try:
            addr = ipaddress.ip_address(str(ip).strip())
            if addr.version == 6 and addr.ipv4_mapped:
                addr = addr.ipv4_mapped
            prefix = ipv4_prefix if addr.version == 4 else ipv6_prefix
            out.append(str(ipaddress.ip_network((addr, prefix), strict=False)))
        except ValueError:
            out.append(str(ip))
    return pd.DataFrame({"ip": pd.Series(list(ips), dtype=object), "network": pd.Series(out, dtype=object)})


@kind(
    "unusual_login",
    _("Unusual login"),
    "Account",
    ["Login Event"],
    {
        "min_history": Param(3, 0, kind=int),
        "ipv4_prefix": Param(16, 1, 32, kind=int),
        "ipv6_prefix": Param(48, 1, 128, kind=int),
    },
    default_window=90,
)
def unusual_login(ctx):
    """A login from a network (the IPv4 /16 or IPv6 /48 its address lies in, by default) or a device not
    seen on the account in the previous window days, once the account has at least min_history earlier
    logins. A new address in a network the account uses is not unusual: mobile carriers change
    addresses all the time, within their blocks."""
    earlier = ctx.history("Login Event") if ctx.history else None  # real time: logins before the range count
    if earlier is None or not len(earlier):
        earlier = pd.DataFrame({"account": pd.Series([], dtype=str), "n": pd.Series([], dtype="int64")})
    p = ctx.params
    ips = ctx.sql("SELECT DISTINCT ip_address FROM login_event WHERE coalesce(ip_address, '') <> ''")["ip_address"]
    nets = networks(ips, int(p["ipv4_prefix"]), int(p["ipv6_prefix"]))
    days = int(ctx.window_days)
    seen = {
        col: f"""CASE WHEN {col} IS NOT NULL AND {col} <> '' THEN
                 (lag(login_time) OVER (PARTITION BY account, {col} ORDER BY login_time, name) IS NULL
                  OR login_time - lag(login_time) OVER (PARTITION BY account, {col} ORDER BY login_time, name)
                     > to_days({days})) ELSE FALSE END"""
        for col in ("network", "device")
    }
    query = f"""
        WITH l AS (SELECT login_event.*, nets.network FROM login_event
                   LEFT JOIN nets ON nets.ip = login_event.ip_address),
        f AS (SELECT name, account, login_time, ip_address, device, network,
                     row_number() OVER (PARTITION BY account ORDER BY login_time, name) - 1 AS prior,
                     {seen["network"]} AS new_network, {seen["device"]} AS new_device
              FROM l)
        SELECT f.* FROM f LEFT JOIN earlier e USING (account)
        WHERE (new_network OR new_device) AND f.prior + coalesce(e.n, 0) >= $min_history
        ORDER BY account, login_time, name"""
    hits = ctx.sql(query, extra={"earlier": earlier[["account", "n"]], "nets": nets}, min_history=int(p["min_history"]))
    if hits.empty:
        return empty()
    labels = [(hits["new_network"], gettext_noop("new network")), (hits["new_device"], gettext_noop("new device"))]
    why = [
        Words(tuple(label for flag, label in zip(flags, (lb for _, lb in labels)) if flag))
        for flags in zip(*(f for f, _ in labels))
    ]
    window = pd.Timedelta(days=days)
    out = pd.DataFrame(
        {
            "account": hits["account"],
            "key": hits["account"].astype(str) + ":" + hits["name"].astype(str),
            "window_start": hits["login_time"] - window,
            "window_end": hits["login_time"],
            "score": 1.0,
            "threshold": 1.0,
            "summary": [
                Message(
                    gettext_noop("Login from %(ip)s on %(device)s: %(why)s"), {"ip": ip, "device": dev or "-", "why": w}
                )
                for ip, dev, w in zip(hits["ip_address"], hits["device"], why)
            ],
            "evidence": tag(hits["name"].map(lambda i: [i]), "Login Event"),
        }
    )
    return out[HIT_COLUMNS]
