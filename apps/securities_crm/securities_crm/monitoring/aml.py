"""AML kinds (反洗钱): large-value cash and transfers, structuring, large outflows, idle accounts with
large flows, and money in scattered and out in one lump (or the reverse). Per client, since the
regulation counts a client's accounts together."""
import pandas as pd
from django.utils.translation import gettext as _t

from .common import empty, finish, tag, windowed
from .data import bucket
from .kinds import HIT_COLUMNS, Param, kind

AML = "AML"
FX = {"usd_cny": Param(7.1, 0.01), "hkd_cny": Param(0.91, 0.01)}


def cny(transfers: pd.DataFrame, params: dict) -> pd.Series:
    rate = transfers["currency"].map({"CNY": 1.0, "USD": params["usd_cny"], "HKD": params["hkd_cny"]}).fillna(1.0)
    return transfers["amount"] * rate


@kind("large_cash", "Large cash transaction", AML, ["transfers"], {
    "threshold_cny": Param(50_000, 1), "threshold_usd": Param(10_000, 1)})
def large_cash(ctx):
    """Cash in or out per client per day, single or summed: ≥ ¥50,000, or ≥ US$10,000."""
    cash = ctx.transfers[ctx.transfers["is_cash"]]
    parts = [
        windowed(cash[cash["currency"] == "CNY"], "client", "transfer_time", 1, "amount", "sum",
                 ctx.params["threshold_cny"], "Fund Transfer", _t("Cash of ¥%(score)s in one day (≥ ¥%(threshold)s)"),
                 "CNY:"),
        windowed(cash[cash["currency"] == "USD"], "client", "transfer_time", 1, "amount", "sum",
                 ctx.params["threshold_usd"], "Fund Transfer",
                 _t("Cash of US$%(score)s in one day (≥ US$%(threshold)s)"), "USD:"),
    ]
    return pd.concat([p for p in parts if not p.empty] or [empty()], ignore_index=True)


@kind("large_transfer", "Large transfer", AML, ["transfers"], {
    "entity_cny": Param(2_000_000, 1), "individual_domestic_cny": Param(500_000, 1),
    "individual_cross_border_cny": Param(200_000, 1), **FX})
def large_transfer(ctx):
    """Non-cash transfers per client per day, in CNY: entities ≥ ¥2M; individuals ≥ ¥500k domestic,
    ≥ ¥200k cross-border."""
    t = ctx.transfers[~ctx.transfers["is_cash"]]
    if t.empty:
        return empty()
    t = t.assign(cny=cny(t, ctx.params)).merge(ctx.accounts[["account", "client_type"]], on="account")
    entity = t["client_type"] != "Individual"
    p = ctx.params
    parts = [
        windowed(t[entity], "client", "transfer_time", 1, "cny", "sum", p["entity_cny"], "Fund Transfer",
                 _t("Entity transfers of ¥%(score)s in one day (≥ ¥%(threshold)s)"), "ENT:"),
        windowed(t[~entity & ~t["cross_border"]], "client", "transfer_time", 1, "cny", "sum",
                 p["individual_domestic_cny"], "Fund Transfer",
                 _t("Domestic transfers of ¥%(score)s in one day (≥ ¥%(threshold)s)"), "DOM:"),
        windowed(t[~entity & t["cross_border"]], "client", "transfer_time", 1, "cny", "sum",
                 p["individual_cross_border_cny"], "Fund Transfer",
                 _t("Cross-border transfers of ¥%(score)s in one day (≥ ¥%(threshold)s)"), "XB:"),
    ]
    return pd.concat([x for x in parts if not x.empty] or [empty()], ignore_index=True)


@kind("structuring", "Structuring just under the threshold", AML, ["transfers"], {
    "threshold": Param(50_000, 1), "margin": Param(0.1, 0.0001, 1), "min_count": Param(3, 2, kind=int)},
    default_window=7)
def structuring(ctx):
    """Repeated cash amounts in [threshold × (1 − margin), threshold): at least min_count in a window."""
    p = ctx.params
    t = ctx.transfers
    near = t[t["is_cash"] & (t["amount"] < p["threshold"]) & (t["amount"] >= p["threshold"] * (1 - p["margin"]))]
    return windowed(near.assign(one=1), "client", "transfer_time", ctx.window_days, "one", "sum", p["min_count"],
                    "Fund Transfer", _t("%(score)s cash amounts just under the threshold (≥ %(threshold)s)"))


@kind("large_outflow", "Large outflow", AML, ["transfers"], {
    "amount": Param(1_000_000, 1), "asset_share": Param(0.5, 0.01, 100), "share_min_amount": Param(500_000, 0),
    **FX})
def large_outflow(ctx):
    """Money out within a window ≥ an amount, or ≥ a share of the client's financial assets (when it is
    also ≥ share_min_amount, so that small accounts do not fire on pocket money)."""
    p = ctx.params
    out = ctx.transfers[ctx.transfers["direction"] == "Out"]
    if out.empty:
        return empty()
    out = out.assign(cny=cny(out, p), _bucket=bucket(out["transfer_time"], ctx.window_days))
    agg = (out.sort_values("transfer_time").groupby(["client", "_bucket"], sort=False)
           .agg(score=("cny", "sum"), evidence=("name", list), account=("account", "first")).reset_index())
    assets = ctx.accounts.groupby("client")["financial_assets"].max()
    limit = agg["client"].map(assets) * p["asset_share"]
    by_share = limit.notna() & (limit > 0) & (agg["score"] >= limit) & (agg["score"] >= p["share_min_amount"])
    hits = agg[(agg["score"] >= p["amount"]) | by_share]
    return finish(hits, "client", ctx.window_days, p["amount"], "Fund Transfer",
                  _t("Outflow of ¥%(score)s in the window (≥ ¥%(threshold)s or the asset share)"))


@kind("idle_account_flows", "Idle account with large flows", AML, ["transfers", "trades"], {
    "amount": Param(1_000_000, 1), "max_trades": Param(2, 0, kind=int), **FX}, default_window=30)
def idle_account_flows(ctx):
    """An account that barely trades (≤ max_trades in the window) but moves ≥ amount in and out."""
    p = ctx.params
    t = ctx.transfers
    if t.empty:
        return empty()
    t = t.assign(cny=cny(t, p), _bucket=bucket(t["transfer_time"], ctx.window_days))
    agg = (t.sort_values("transfer_time").groupby(["account", "_bucket"], sort=False)
           .agg(score=("cny", "sum"), evidence=("name", list)).reset_index())
    tr = ctx.trades
    counts = (tr.assign(_bucket=bucket(tr["trade_time"], ctx.window_days)).groupby(["account", "_bucket"]).size()
              .rename("trades").reset_index()) if not tr.empty else pd.DataFrame(columns=["account", "_bucket", "trades"])
    agg = agg.merge(counts, on=["account", "_bucket"], how="left").fillna({"trades": 0})
    hits = agg[(agg["score"] >= p["amount"]) & (agg["trades"] <= p["max_trades"])]
    return finish(hits, "account", ctx.window_days, p["amount"], "Fund Transfer",
                  _t("Flows of ¥%(score)s through an account that barely trades (≥ ¥%(threshold)s)"))


@kind("scatter_gather", "Scattered in, lump out (or the reverse)", AML, ["transfers"], {
    "small_amount": Param(50_000, 1), "min_count": Param(5, 2, kind=int), "min_total": Param(200_000, 1),
    "share": Param(0.8, 0.01, 1), **FX}, default_window=7)
def scatter_gather(ctx):
    """Sliding windows anchored on the lump: one outflow ≥ share of the small inflows (each < small_amount,
    at least min_count, totalling ≥ min_total) received in the window days before it; or one inflow
    ≥ min_total dispersed in at least min_count small outflows totalling ≥ share of it in the window days
    after it. One alert per lump."""
    p = ctx.params
    t = ctx.transfers
    if t.empty:
        return empty()
    t = t.assign(cny=cny(t, p))
    window = pd.Timedelta(days=ctx.window_days)
    small = t[t["cny"] < p["small_amount"]][["client", "name", "direction", "cny", "transfer_time"]]
    out = []
    for many, one, label in (("In", "Out", _t("%(n)d small inflows of ¥%(total)s, then one outflow of ¥%(big)s")),
                             ("Out", "In", _t("One inflow of ¥%(big)s, then %(n)d small outflows of ¥%(total)s"))):
        lumps = t[(t["direction"] == one) & (t["cny"] >= (p["min_total"] * p["share"] if many == "In"
                                                          else p["min_total"]))]
        lumps = lumps[["client", "account", "name", "cny", "transfer_time"]].rename(
            columns={"name": "big_id", "cny": "big", "transfer_time": "at"})
        parts = small[small["direction"] == many]
        m = lumps.merge(parts, on="client")
        if many == "In":
            m = m[(m["transfer_time"] <= m["at"]) & (m["transfer_time"] > m["at"] - window)]
        else:
            m = m[(m["transfer_time"] >= m["at"]) & (m["transfer_time"] < m["at"] + window)]
        if m.empty:
            continue
        agg = (m.sort_values("transfer_time").groupby(["client", "account", "big_id", "big", "at"])
               .agg(n=("name", "size"), total=("cny", "sum"), ids=("name", list)).reset_index())
        if many == "In":
            ok = (agg["n"] >= p["min_count"]) & (agg["total"] >= p["min_total"]) & (agg["big"] >= p["share"] * agg["total"])
            start, end = agg["at"] - window, agg["at"]
        else:
            ok = (agg["n"] >= p["min_count"]) & (agg["total"] >= p["share"] * agg["big"])
            start, end = agg["at"], agg["at"] + window
        hits = pd.DataFrame({
            "account": agg["account"], "key": many + ":" + agg["client"].astype(str) + ":" + agg["big_id"].astype(str),
            "window_start": start, "window_end": end, "score": agg["n"].astype(float),
            "threshold": float(p["min_count"]),
            "summary": [label % {"n": n, "total": f"{tot:,.0f}", "big": f"{b:,.0f}"}
                        for n, tot, b in zip(agg["n"], agg["total"], agg["big"])],
            "evidence": tag(agg["ids"] + agg["big_id"].map(lambda i: [i]), "Fund Transfer"),
        })[ok.values]
        out.append(hits)
    out = [h for h in out if not h.empty]
    return pd.concat(out, ignore_index=True)[HIT_COLUMNS] if out else empty()


__all__ = ["HIT_COLUMNS", "tag"]
