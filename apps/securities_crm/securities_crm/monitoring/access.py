"""Access kinds: an unusual login, from an IP address or a device the account has not used within the window."""
import pandas as pd
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from .common import empty, tag
from .kinds import HIT_COLUMNS, Param, kind


@kind("unusual_login", _("Unusual login"), "Account", ["logins"], {
    "min_history": Param(3, 0, kind=int)}, default_window=90)
def unusual_login(ctx):
    """A login from an IP address, a network region (the IPv4 /16) or a device not seen on the account in
    the previous window days, once the account has at least min_history earlier logins."""
    earlier = ctx.history("logins") if ctx.history else None  # real time: the logins before the range count
    if earlier is None or not len(earlier):
        earlier = pd.DataFrame({"account": pd.Series([], dtype=str), "n": pd.Series([], dtype="int64")})
    days = int(ctx.window_days)
    seen = {col: f"""CASE WHEN {col} IS NOT NULL AND {col} <> '' THEN
                 (lag(login_time) OVER (PARTITION BY account, {col} ORDER BY login_time, name) IS NULL
                  OR login_time - lag(login_time) OVER (PARTITION BY account, {col} ORDER BY login_time, name)
                     > to_days({days})) ELSE FALSE END""" for col in ("ip_address", "region", "device")}
    query = f"""
        WITH l AS (SELECT *, regexp_extract(coalesce(ip_address, ''), '^(\\d+\\.\\d+)\\.', 1) AS region
                   FROM logins),
        f AS (SELECT name, account, login_time, ip_address, device,
                     row_number() OVER (PARTITION BY account ORDER BY login_time, name) - 1 AS prior,
                     {seen["ip_address"]} AS new_ip, {seen["region"]} AS new_region, {seen["device"]} AS new_device
              FROM l)
        SELECT f.* FROM f LEFT JOIN earlier e USING (account)
        WHERE (new_ip OR new_region OR new_device) AND f.prior + coalesce(e.n, 0) >= $min_history
        ORDER BY account, login_time, name"""
    hits = ctx.sql(query, extra={"earlier": earlier[["account", "n"]]}, min_history=int(ctx.params["min_history"]))
    if hits.empty:
        return empty()
    labels = [(hits["new_ip"], _t("new IP")), (hits["new_region"], _t("new region")),
              (hits["new_device"], _t("new device"))]
    why = [", ".join(label for flag, label in zip(flags, (lb for _, lb in labels)) if flag)
           for flags in zip(*(f for f, _ in labels))]
    window = pd.Timedelta(days=days)
    out = pd.DataFrame({
        "account": hits["account"], "key": hits["account"].astype(str) + ":" + hits["name"].astype(str),
        "window_start": hits["login_time"] - window, "window_end": hits["login_time"],
        "score": 1.0, "threshold": 1.0,
        "summary": [_t("Login from %(ip)s on %(device)s: %(why)s") % {"ip": ip, "device": dev or "-", "why": w}
                    for ip, dev, w in zip(hits["ip_address"], hits["device"], why)],
        "evidence": tag(hits["name"].map(lambda i: [i]), "Login Event"),
    })
    return out[HIT_COLUMNS]
