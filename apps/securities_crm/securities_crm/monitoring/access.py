"""Access kinds: an unusual login, from an IP address or a device the account has not used within the window."""
import pandas as pd
from django.utils.translation import gettext as _t

from .common import empty, tag
from .kinds import HIT_COLUMNS, Param, kind


@kind("unusual_login", "Unusual login", "Account", ["logins"], {
    "min_history": Param(3, 0, kind=int)}, default_window=90)
def unusual_login(ctx):
    """A login from an IP address, a network region (the IPv4 /16) or a device not seen on the account in
    the previous window days, once the account has at least min_history earlier logins."""
    lg = ctx.logins
    if lg.empty:
        return empty()
    lg = lg.sort_values(["account", "login_time", "name"]).reset_index(drop=True)
    lg["prior"] = lg.groupby("account").cumcount()
    earlier = ctx.history("logins") if ctx.history else None
    if earlier is not None and len(earlier):  # real time: the logins before the loaded range count too
        lg["prior"] += lg["account"].map(earlier.set_index("account")["n"]).fillna(0).astype(int)
    lg["region"] = lg["ip_address"].fillna("").str.extract(r"^(\d+\.\d+)\.", expand=False)
    window = pd.Timedelta(days=ctx.window_days)
    reasons = pd.Series("", index=lg.index)
    for col, label in (("ip_address", _t("new IP")), ("region", _t("new region")), ("device", _t("new device"))):
        has = lg[col].notna() & (lg[col] != "")
        prev = lg[has].groupby(["account", col])["login_time"].shift()
        new = has & (prev.reindex(lg.index).isna() | (lg["login_time"] - prev.reindex(lg.index) > window))
        reasons = reasons.where(~new, reasons + (", " if False else "") + label + ";")
    hits = lg[(reasons != "") & (lg["prior"] >= ctx.params["min_history"])]
    if hits.empty:
        return empty()
    why = reasons[hits.index].str.rstrip(";").str.replace(";", ", ")
    out = pd.DataFrame({
        "account": hits["account"], "key": hits["account"].astype(str) + ":" + hits["name"].astype(str),
        "window_start": hits["login_time"] - window, "window_end": hits["login_time"],
        "score": 1.0, "threshold": 1.0,
        "summary": [_t("Login from %(ip)s on %(device)s: %(why)s") % {"ip": ip, "device": dev or "-", "why": w}
                    for ip, dev, w in zip(hits["ip_address"], hits["device"], why)],
        "evidence": tag(hits["name"].map(lambda i: [i]), "Login Event"),
    })
    return out[HIT_COLUMNS]
