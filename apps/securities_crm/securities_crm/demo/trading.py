"""Demo trading data: instruments, and six months of trades, orders, fund flows, month-end
positions and logins for the demo clients' accounts, ingested through the real engine (the same
path as the API and `manage.py ingest`, source "demo"), so the Ingestion Batches show up too.

Everything is generated with numpy from the demo seed, trading hours only (09:30-11:30 and
13:00-15:00 Shanghai, weekdays). About 25 trades per active account; 2,000 clients take a few
seconds. A second run finds the demo trades and does nothing.

Planted abnormal patterns, for the monitoring issue to find. Each goes on its own account: the
N-th active Cash account of an individual client, by account number, skipping the first (the
portal client's). `planted_accounts()` returns {pattern: account_number}.

  structuring          six cash deposits of ¥49,000-49,900, just under the ¥50,000 large-cash
                       line, on consecutive days in the last two weeks
  large_cash           one cash deposit of ¥68,000 (over the ¥50,000 line)
  dormant_reactivation no activity at all for five months, then ¥800,000 in and 60 trades in the
                       last ten days
  new_account_churn    account opened 20 days ago (opened_on moved), 120 trades in its first ten
                       days, then everything withdrawn
  scatter_gather       fifteen inflows of ¥20,000-40,000 from different banks in one week, then
                       one outflow of their sum
  cancel_ratio         300 orders in one day, 80% cancelled within seconds
  high_frequency       400 orders within one second (counts towards 300/second)
  large_cross_border   an individual's cross-border outflow of US$40,000 (about ¥290,000 >= ¥200,000)
  unusual_login        logins at 03:00 from an overseas IP and a new device, right before a
                       large withdrawal
  concentration        one holding is 95% of the account's month-end market value
"""
from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
from django.utils import timezone

from ..doctype.securities_account.model import AccountStatus, AccountType, SecuritiesAccount
from ..doctype.trade.model import Trade
from ..ingest import engine
from . import step

SOURCE = "demo"
DAYS = 182
TRADES_PER_ACCOUNT = 25
PATTERNS = ["structuring", "large_cash", "dormant_reactivation", "new_account_churn", "scatter_gather", "cancel_ratio",
            "high_frequency", "large_cross_border", "unusual_login", "concentration"]
INSTRUMENTS = [
    ("600519.SH", "SH", "贵州茅台", "Stock", "食品饮料", ""), ("601318.SH", "SH", "中国平安", "Stock", "非银金融", ""),
    ("600036.SH", "SH", "招商银行", "Stock", "银行", ""), ("601398.SH", "SH", "工商银行", "Stock", "银行", ""),
    ("600900.SH", "SH", "长江电力", "Stock", "公用事业", ""), ("601012.SH", "SH", "隆基绿能", "Stock", "电力设备", ""),
    ("000001.SZ", "SZ", "平安银行", "Stock", "银行", ""), ("000858.SZ", "SZ", "五粮液", "Stock", "食品饮料", ""),
    ("000333.SZ", "SZ", "美的集团", "Stock", "家用电器", ""), ("002594.SZ", "SZ", "比亚迪", "Stock", "汽车", ""),
    ("300750.SZ", "SZ", "宁德时代", "Stock", "电力设备", ""), ("300059.SZ", "SZ", "东方财富", "Stock", "非银金融", ""),
    ("688981.SH", "SH", "中芯国际", "Stock", "电子", ""), ("688111.SH", "SH", "金山办公", "Stock", "计算机", ""),
    ("430047.BJ", "BJ", "诺思兰德", "Stock", "医药生物", ""), ("510300.SH", "SH", "沪深300ETF", "ETF", "指数基金", "R3"),
    ("510500.SH", "SH", "中证500ETF", "ETF", "指数基金", "R3"), ("159915.SZ", "SZ", "创业板ETF", "ETF", "指数基金", "R4"),
    ("019666.SH", "SH", "22国债01", "Bond", "国债", "R1"), ("113050.SH", "SH", "南银转债", "Bond", "可转债", "R3"),
    ("000216.OF", "OF", "华安黄金ETF联接A", "Fund", "商品", "R3"), ("110011.OF", "OF", "易方达中小盘混合", "Fund", "混合", "R3"),
    ("003003.OF", "OF", "华夏现金增利货币A", "Fund", "货币", "R1"), ("PR2601.OTC", "OTC", "稳健收益1号资产管理计划", "Product",
                                                                     "固收+", "R2"),
    ("PR2602.OTC", "OTC", "量化对冲3号私募基金", "Product", "私募", "R4"), ("PR2603.OTC", "OTC", "雪球结构化收益凭证", "Product",
                                                                      "结构化", "R5"),
]
PRICES = {"600519.SH": 1650, "601318.SH": 48, "600036.SH": 36, "601398.SH": 6.2, "600900.SH": 28, "601012.SH": 18,
          "000001.SZ": 11, "000858.SZ": 135, "000333.SZ": 70, "002594.SZ": 260, "300750.SZ": 210, "300059.SZ": 22,
          "688981.SH": 85, "688111.SH": 280, "430047.BJ": 12, "510300.SH": 3.9, "510500.SH": 5.8, "159915.SZ": 2.1,
          "019666.SH": 101, "113050.SH": 118, "000216.OF": 2.4, "110011.OF": 5.6, "003003.OF": 1.0, "PR2601.OTC": 1.05,
          "PR2602.OTC": 1.2, "PR2603.OTC": 1.0}
TRADED = [code for code, *_ in INSTRUMENTS if not code.endswith((".OF", ".OTC"))]
CHANNELS = np.array(["Mobile", "Online", "Counter", "Phone", "API"])
BANKS = np.array(["工商银行", "建设银行", "农业银行", "中国银行", "招商银行", "交通银行", "浦发银行", "兴业银行", "中信银行",
                  "民生银行", "光大银行", "平安银行", "华夏银行", "广发银行", "邮储银行"])


def planted_accounts() -> dict[str, str]:
    """{pattern: account number} of the demo's planted abnormal patterns (see the module docstring)."""
    candidates = list(SecuritiesAccount.objects.filter(
        status=AccountStatus.ACTIVE, account_type=AccountType.CASH, client__client_type="Individual",
    ).order_by("account_number").values_list("account_number", flat=True)[1:len(PATTERNS) + 1])
    return dict(zip(PATTERNS, candidates))


@step(30)
def trading(ctx):
    if Trade.objects.filter(source=SOURCE).exists():
        return
    engine.ingest("instruments", [dict(zip(("code", "market", "instrument_name", "instrument_type", "industry",
                                            "risk_rating"), row)) for row in INSTRUMENTS], "json", channel="command",
                  filename="demo")
    accounts = list(SecuritiesAccount.objects.filter(status=AccountStatus.ACTIVE)
                    .order_by("account_number").values_list("account_number", flat=True))
    if not accounts:
        return
    planted = planted_accounts()
    special = set(planted.values())
    normal = np.array([a for a in accounts if a not in special])
    rng = np.random.default_rng(ctx.seed)
    today = timezone.localdate()
    days = pd.bdate_range(end=today - dt.timedelta(days=1), periods=DAYS * 5 // 7)
    gen = _Generator(rng, days)
    frames = {kind: [] for kind in ("trades", "orders", "fund_transfers", "positions", "login_events")}
    if len(normal):
        gen.ordinary(normal, frames)
    if planted:
        gen.planted(planted, frames, today)
        if "new_account_churn" in planted:  # the churned account opened just before its burst
            SecuritiesAccount.objects.filter(account_number=planted["new_account_churn"]).update(
                opened_on=today - dt.timedelta(days=20))
    bar = ctx.progress(len(frames), "trading data")
    for kind, parts in frames.items():
        frame = pd.concat(parts, ignore_index=True)
        buf = io.StringIO()
        frame.to_csv(buf, index=False)
        engine.ingest(kind, buf.getvalue().encode(), "csv", source=SOURCE, channel="command",
                      filename=f"demo_{kind}.csv")
        bar.update(1)
    bar.close()
    ctx.data["planted_accounts"] = planted


class _Generator:
    def __init__(self, rng, days):
        self.rng, self.days, self.seq = rng, days, 0
        self.codes = np.array(TRADED)
        self.prices = np.array([PRICES[c] for c in TRADED])

    def ids(self, prefix: str, n: int) -> np.ndarray:
        start, self.seq = self.seq, self.seq + n
        return np.char.add(prefix, np.arange(start, start + n).astype(str))

    def times(self, n: int, days=None) -> pd.Series:
        """Random moments in trading hours on the given business days (Shanghai, naive)."""
        days = self.days if days is None else days
        day = pd.DatetimeIndex(days)[self.rng.integers(0, len(days), n)]
        minute = self.rng.integers(0, 240, n)  # 09:30-11:30 then 13:00-15:00
        offset = np.where(minute < 120, 570 + minute, 780 + minute - 120)
        when = day + pd.to_timedelta(offset, unit="m") + pd.to_timedelta(self.rng.integers(0, 60, n), unit="s")
        return pd.Series(when.strftime("%Y-%m-%d %H:%M:%S"))

    def trades(self, accounts, n, days=None, prefix="DT") -> pd.DataFrame:
        pick = self.rng.integers(0, len(self.codes), n)
        price = np.round(self.prices[pick] * self.rng.uniform(0.9, 1.1, n), 2)
        qty = self.rng.integers(1, 30, n) * 100
        amount = np.round(price * qty, 2)
        return pd.DataFrame({
            "external_id": self.ids(prefix, n), "account": np.asarray(accounts)[self.rng.integers(0, len(accounts), n)],
            "instrument": self.codes[pick], "side": np.where(self.rng.random(n) < 0.52, "Buy", "Sell"),
            "quantity": qty, "price": price, "amount": amount, "fee": np.round(np.maximum(amount * 0.00025, 5), 2),
            "trade_time": self.times(n, days), "channel": CHANNELS[self.rng.integers(0, len(CHANNELS), n)],
        })

    def orders(self, trades: pd.DataFrame, cancel_share: float, prefix="DO") -> pd.DataFrame:
        n = len(trades)
        cancelled = self.rng.random(n) < cancel_share
        placed = pd.to_datetime(trades["trade_time"]) - pd.to_timedelta(self.rng.integers(1, 120, n), unit="s")
        return pd.DataFrame({
            "external_id": self.ids(prefix, n), "account": trades["account"], "instrument": trades["instrument"],
            "side": trades["side"], "price": trades["price"], "quantity": trades["quantity"],
            "status": np.where(cancelled, "Cancelled", "Filled"),
            "placed_time": placed.dt.strftime("%Y-%m-%d %H:%M:%S"),
            "cancelled_time": np.where(cancelled, (placed + pd.Timedelta(seconds=3)).dt.strftime("%Y-%m-%d %H:%M:%S"),
                                       ""),
            "channel": trades["channel"],
        })

    def flows(self, accounts, amounts, directions, times, cash=False, banks=None, cross_border=False, currency="CNY",
              prefix="DF") -> pd.DataFrame:
        n = len(amounts)
        return pd.DataFrame({
            "external_id": self.ids(prefix, n), "account": accounts, "direction": directions,
            "amount": np.round(amounts, 2), "currency": currency, "is_cash": "1" if cash else "0",
            "cross_border": "1" if cross_border else "0",
            "counterparty_bank": banks if banks is not None else BANKS[self.rng.integers(0, 8, n)],
            "transfer_time": times, "channel": "Online",
        })

    def ordinary(self, accounts, frames):
        rng, n = self.rng, len(accounts) * TRADES_PER_ACCOUNT
        trades = self.trades(accounts, n)
        frames["trades"].append(trades)
        frames["orders"].append(self.orders(trades, 0.12))
        m = len(accounts) * 4
        amounts = np.exp(rng.normal(10.3, 1.0, m)).clip(1000, 450_000)
        frames["fund_transfers"].append(self.flows(
            np.asarray(accounts)[rng.integers(0, len(accounts), m)], amounts,
            np.where(rng.random(m) < 0.55, "In", "Out"), self.times(m)))
        month_ends = sorted({d for d in pd.DatetimeIndex(self.days).to_period("M").to_timestamp("M")
                             if d <= self.days[-1]})
        holdings = rng.integers(0, len(self.codes), (len(accounts), 3))
        rows = []
        for date in month_ends:
            for k in range(3):
                qty = rng.integers(1, 50, len(accounts)) * 100
                price = self.prices[holdings[:, k]] * rng.uniform(0.9, 1.1, len(accounts))
                rows.append(pd.DataFrame({"account": accounts, "instrument": self.codes[holdings[:, k]],
                                          "position_date": date.strftime("%Y-%m-%d"), "quantity": qty,
                                          "market_value": np.round(qty * price, 2)}))
        positions = pd.concat(rows, ignore_index=True).drop_duplicates(["account", "instrument", "position_date"])
        frames["positions"].append(positions)
        n_logins = len(accounts) * 10
        frames["login_events"].append(pd.DataFrame({
            "external_id": self.ids("DL", n_logins),
            "account": np.asarray(accounts)[rng.integers(0, len(accounts), n_logins)],
            "login_time": self.times(n_logins),
            "ip_address": _ips(rng, n_logins),
            "device": np.array(["iPhone 15", "HUAWEI Mate 60", "Windows PC", "Xiaomi 14", "iPad"])[
                rng.integers(0, 5, n_logins)],
            "channel": np.where(rng.random(n_logins) < 0.8, "Mobile", "Online"),
        }))

    def planted(self, planted: dict, frames: dict, today: dt.date):
        rng, days = self.rng, pd.DatetimeIndex(self.days)
        recent = days[-10:]

        def at(day, hh, mm=0, ss=0):
            return (pd.Timestamp(day) + pd.Timedelta(hours=hh, minutes=mm, seconds=ss)).strftime("%Y-%m-%d %H:%M:%S")

        if acc := planted.get("structuring"):
            amounts = rng.uniform(49_000, 49_900, 6)
            frames["fund_transfers"].append(self.flows([acc] * 6, amounts, ["In"] * 6,
                                                       [at(d, 10, 5) for d in days[-6:]], cash=True))
        if acc := planted.get("large_cash"):
            frames["fund_transfers"].append(self.flows([acc], np.array([68_000.0]), ["In"], [at(days[-3], 14, 12)],
                                                       cash=True))
        if acc := planted.get("dormant_reactivation"):
            frames["fund_transfers"].append(self.flows([acc], np.array([800_000.0]), ["In"], [at(recent[0], 9, 35)]))
            trades = self.trades([acc], 60, days=recent)
            frames["trades"].append(trades)
            frames["orders"].append(self.orders(trades, 0.1))
        if acc := planted.get("new_account_churn"):
            opened = pd.bdate_range(start=today - dt.timedelta(days=19), periods=8)
            frames["fund_transfers"].append(self.flows([acc], np.array([500_000.0]), ["In"], [at(opened[0], 9, 40)]))
            trades = self.trades([acc], 120, days=opened)
            frames["trades"].append(trades)
            frames["orders"].append(self.orders(trades, 0.1))
            frames["fund_transfers"].append(self.flows([acc], np.array([497_500.0]), ["Out"], [at(opened[-1], 14, 50)]))
        if acc := planted.get("scatter_gather"):
            amounts = rng.uniform(20_000, 40_000, 15)
            week = days[-15:-10]
            frames["fund_transfers"].append(self.flows(
                [acc] * 15, amounts, ["In"] * 15, [at(week[i % 5], 10, i) for i in range(15)], banks=BANKS[:15]))
            frames["fund_transfers"].append(self.flows([acc], np.array([round(amounts.sum(), 2)]), ["Out"],
                                                       [at(days[-9], 14, 30)]))
        if acc := planted.get("cancel_ratio"):
            trades = self.trades([acc], 300, days=days[-4:-3])
            frames["orders"].append(self.orders(trades, 0.8))
            frames["trades"].append(trades.iloc[:60])
        if acc := planted.get("high_frequency"):
            n = 400
            base = pd.Timestamp(days[-2]) + pd.Timedelta(hours=10)
            placed = base + pd.to_timedelta(np.sort(rng.integers(0, 999_000, n)), unit="us")
            trades = self.trades([acc], n, days=days[-2:-1])
            orders = self.orders(trades, 0.5)
            orders["placed_time"] = placed.strftime("%Y-%m-%d %H:%M:%S.%f")
            orders["cancelled_time"] = np.where(orders["status"] == "Cancelled",
                                                (placed + pd.Timedelta(milliseconds=500)).strftime(
                                                    "%Y-%m-%d %H:%M:%S.%f"), "")
            frames["orders"].append(orders)
        if acc := planted.get("large_cross_border"):
            frames["fund_transfers"].append(self.flows([acc], np.array([40_000.0]), ["Out"], [at(days[-5], 11, 0)],
                                                       cross_border=True, currency="USD", banks=["HSBC Hong Kong"]))
        if acc := planted.get("unusual_login"):
            when = days[-2]
            frames["login_events"].append(pd.DataFrame({
                "external_id": self.ids("DL", 3), "account": acc,
                "login_time": [at(when, 3, 2), at(when, 3, 9), at(when, 3, 15)],
                "ip_address": ["185.220.101.7", "185.220.101.7", "185.220.101.9"],
                "device": "Unknown Android (new device)", "channel": "Online"}))
            frames["fund_transfers"].append(self.flows([acc], np.array([300_000.0]), ["Out"], [at(when, 9, 31)]))
        if acc := planted.get("concentration"):
            date = pd.DatetimeIndex(self.days).to_period("M").to_timestamp("M")
            last = max(d for d in date if d <= self.days[-1]).strftime("%Y-%m-%d")
            frames["positions"].append(pd.DataFrame({
                "account": acc, "instrument": ["300750.SZ", "600036.SH", "019666.SH"], "position_date": last,
                "quantity": [9000, 1000, 100], "market_value": [1_890_000.00, 36_000.00, 10_100.00]}))


def _ips(rng, n: int) -> np.ndarray:
    """Mainland mobile and broadband addresses, a few per account in practice."""
    a = rng.choice([36, 58, 112, 114, 117, 183, 223], n)
    parts = [a, rng.integers(0, 256, n), rng.integers(0, 256, n), rng.integers(1, 255, n)]
    return np.array([".".join(map(str, p)) for p in zip(*parts)])
