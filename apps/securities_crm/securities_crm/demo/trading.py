"""Demo trading data: instruments, and six months of trades, orders, fund flows, month-end
positions and logins for the demo clients' accounts, ingested through the real engine (the same
path as the API and `manage.py ingest`, source "demo"), so the Ingestion Batches show up too.

Everything is generated with numpy from the demo seed; trades in trading hours only (09:30-11:30
and 13:00-15:00 Shanghai, weekdays), and nothing before the account was opened. 2,000 clients take
a few seconds. A second run finds the demo trades and does nothing.

Ordinary accounts look ordinary, so that the monitoring rules stay quiet on them:
  - holdings: four to six instruments at similar weights (none near 80%), sized from the client's
    financial assets, and only what the client's suitability level allows (C1 and the lowest
    category R1 only, Cn up to Rn, professionals anything; unrated stocks count as R3); trades are
    in the account's own holdings, a fraction of the position each;
  - logins: every week or two, from one or two fixed places (a home broadband address with a PC, a
    mobile address with a phone), both used from the first logins on and again well within the
    90 days the unusual-login rule looks back;
  - fund flows: bank transfers (no cash), a few per account, at most one a day per client and
    ¥200,000 each.

Planted abnormal patterns, for the monitoring to find (tests/monitoring/test_demo.py checks that
each raises exactly the alerts listed here, and that nothing else fires). Each goes on its own
account: an active Cash account of an ordinary individual client with a risk level and no other
account, by account number, skipping the first (the portal client's). `planted_accounts()`
returns {pattern: account_number}. Planted accounts get the ordinary trades, logins and holdings
(except where said) but no ordinary fund flows, so the per-client AML sums are exactly the plant.

  structuring          cash deposits of ¥49,000-49,900, just under the ¥50,000 line, on Monday to
                       Friday of one week and the next Monday (one week holds five)
  large_cash           one cash deposit of ¥68,000 (over the ¥50,000 line)
  dormant_reactivation an account opened over a year ago that traded in the first month of the
                       history only, then nothing for about 140 days (≥ the rule's 120), then
                       ¥480,000 in and 60 trades in the last two weeks (by phone: no logins)
  new_account_churn    account opened 20 days ago (opened_on moved), ¥490,000 in, 120 trades in its
                       first eight working days, then ¥488,000 out, and closed yesterday; nothing else
  scatter_gather       twelve inflows of ¥20,000-38,000 from different banks in one week, then one
                       outflow of their sum
  cancel_ratio         320 orders in one day, 85% cancelled within seconds
  high_frequency       400 orders within one second, 20% cancelled half a second later
  large_cross_border   an individual's cross-border outflow of US$40,000 (about ¥284,000 ≥ ¥200,000)
  unusual_login        after months of ordinary logins, three at 03:00 from an overseas address on a
                       new device (only the first is new: the third's address is in the same /16), then a
                       ¥300,000 withdrawal
  concentration        at the last month-end one holding is 97% of the account's ¥1.9M holdings
  frequent_trading     120 trades in one day
  large_outflow        sells, then ¥400,000, ¥350,000 and ¥300,000 out on Monday to Wednesday of one
                       week (¥1.05M; each day under the ¥500,000 large-transfer line)
  idle_account_flows   an account with no trades and no holdings that takes in ¥890,000 and sends
                       out ¥860,000 over three weeks (inside one 30-day window, each week's outflow
                       under ¥500,000)
  suitability_breach   an ordinary C2-C4 client holding a structured note rated R5 at the last two
                       month-ends
"""

from __future__ import annotations

import datetime as dt
import io

import numpy as np
import pandas as pd
from django.db.models import Count
from django.utils import timezone

from ..doctype.client.model import ClientStatus
from ..doctype.securities_account.model import (
    AccountStatus,
    AccountType,
    SecuritiesAccount,
)
from ..doctype.trade.model import Trade
from ..ingest import engine
from . import step

SOURCE = "demo"
DAYS = 182
TRADES_PER_ACCOUNT = 25
FLOWS_PER_ACCOUNT = 4
MAX_FLOW = 200_000  # an ordinary transfer; large-value lines start at ¥500,000 a day
EPOCH = pd.Timestamp("2000-01-03")  # the monitoring's tumbling windows count from this Monday (monitoring/data.py)
PATTERNS = [
    "structuring",
    "large_cash",
    "dormant_reactivation",
    "new_account_churn",
    "scatter_gather",
    "cancel_ratio",
    "high_frequency",
    "large_cross_border",
    "unusual_login",
    "concentration",
    "frequent_trading",
    "large_outflow",
    "idle_account_flows",
    "suitability_breach",
]
INSTRUMENTS = [
    ("600519.SH", "SH", "贵州茅台", "Stock", "食品饮料", ""),
    ("601318.SH", "SH", "中国平安", "Stock", "非银金融", ""),
    ("600036.SH", "SH", "招商银行", "Stock", "银行", ""),
    ("601398.SH", "SH", "工商银行", "Stock", "银行", ""),
    ("600900.SH", "SH", "长江电力", "Stock", "公用事业", ""),
    ("601012.SH", "SH", "隆基绿能", "Stock", "电力设备", ""),
    ("000001.SZ", "SZ", "平安银行", "Stock", "银行", ""),
    ("000858.SZ", "SZ", "五粮液", "Stock", "食品饮料", ""),
    ("000333.SZ", "SZ", "美的集团", "Stock", "家用电器", ""),
    ("002594.SZ", "SZ", "比亚迪", "Stock", "汽车", ""),
    ("300750.SZ", "SZ", "宁德时代", "Stock", "电力设备", ""),
    ("300059.SZ", "SZ", "东方财富", "Stock", "非银金融", ""),
    ("688981.SH", "SH", "中芯国际", "Stock", "电子", ""),
    ("688111.SH", "SH", "金山办公", "Stock", "计算机", ""),
    ("430047.BJ", "BJ", "诺思兰德", "Stock", "医药生物", ""),
    ("510300.SH", "SH", "沪深300ETF", "ETF", "指数基金", "R3"),
    ("510500.SH", "SH", "中证500ETF", "ETF", "指数基金", "R3"),
    ("159915.SZ", "SZ", "创业板ETF", "ETF", "指数基金", "R4"),
    ("019666.SH", "SH", "22国债01", "Bond", "国债", "R1"),
    ("113050.SH", "SH", "南银转债", "Bond", "可转债", "R3"),
    ("000216.OF", "OF", "华安黄金ETF联接A", "Fund", "商品", "R3"),
    ("110011.OF", "OF", "易方达中小盘混合", "Fund", "混合", "R3"),
    ("003003.OF", "OF", "华夏现金增利货币A", "Fund", "货币", "R1"),
    ("PR2601.OTC", "OTC", "稳健收益1号资产管理计划", "Product", "固收+", "R2"),
    ("PR2602.OTC", "OTC", "量化对冲3号私募基金", "Product", "私募", "R4"),
    ("PR2603.OTC", "OTC", "雪球结构化收益凭证", "Product", "结构化", "R5"),
]
PRICES = {
    "600519.SH": 1650,
    "601318.SH": 48,
    "600036.SH": 36,
    "601398.SH": 6.2,
    "600900.SH": 28,
    "601012.SH": 18,
    "000001.SZ": 11,
    "000858.SZ": 135,
    "000333.SZ": 70,
    "002594.SZ": 260,
    "300750.SZ": 210,
    "300059.SZ": 22,
    "688981.SH": 85,
    "688111.SH": 280,
    "430047.BJ": 12,
    "510300.SH": 3.9,
    "510500.SH": 5.8,
    "159915.SZ": 2.1,
    "019666.SH": 101,
    "113050.SH": 118,
    "000216.OF": 2.4,
    "110011.OF": 5.6,
    "003003.OF": 1.0,
    "PR2601.OTC": 1.05,
    "PR2602.OTC": 1.2,
    "PR2603.OTC": 1.0,
}
TRADED = [code for code, *_ in INSTRUMENTS if not code.endswith((".OF", ".OTC"))]
RATING = {code: int(rating[1]) if rating else 3 for code, *_, rating in INSTRUMENTS}  # unrated stocks as R3
RATED = {code for code, *_, rating in INSTRUMENTS if rating}
CHANNELS = np.array(["Mobile", "Online", "Counter", "Phone", "API"])
BANKS = np.array(
    [
        "工商银行",
        "建设银行",
        "农业银行",
        "中国银行",
        "招商银行",
        "交通银行",
        "浦发银行",
        "兴业银行",
        "中信银行",
        "民生银行",
        "光大银行",
        "平安银行",
        "华夏银行",
        "广发银行",
        "邮储银行",
    ]
)
HOME_DEVICES = np.array(["Windows 电脑", "MacBook Air", "Windows 电脑（办公室）", "iPad"])
PHONES = np.array(["iPhone 15", "HUAWEI Mate 60", "Xiaomi 14", "OPPO Find X7", "vivo X100", "iPhone 13"])
LEVEL = {"C1": 1, "C2": 2, "C3": 3, "C4": 4, "C5": 5}
# What each planted account gets of the ordinary data: trades (with orders), logins, holdings.
BACKGROUND = {"new_account_churn": (), "idle_account_flows": ("login_events",)}
FULL = ("trades", "login_events", "positions")


def _candidates():
    """Cash accounts of ordinary individual clients who have not left, with a risk level and no other
    account, by account number, without the first (the portal client's), with what the choice of each
    pattern needs. (By the client's status, not the account's: the churned plant closes its account, and
    the choice must stay the same after the demo ran.)"""
    rows = (
        SecuritiesAccount.objects.exclude(client__status=ClientStatus.CLOSED)
        .filter(
            account_type=AccountType.CASH,
            client__client_type="Individual",
            client__investor_type="Ordinary",
            client__risk_level__in=list(LEVEL),
        )
        .annotate(siblings=Count("client__accounts"))
        .filter(siblings=1)
        .order_by("account_number")
        .values_list("account_number", "client__risk_level", "client__lowest_category", "opened_on")
    )
    return list(rows)[1:]


def planted_accounts() -> dict[str, str]:
    """{pattern: account number} of the demo's planted abnormal patterns (see the module docstring).

    The same before and after the demo ran on a given day: the only planted changes to an account (the
    churned one's opening and closing) cannot change what an earlier pattern chose. (The dormant account must
    have opened over a year before today, so on a later day the choice may differ: the demo step keeps
    the accounts it planted on in ctx.data["planted_accounts"].)"""
    long_ago = timezone.localdate() - dt.timedelta(days=365)
    wants = {  # a pattern's condition on its account, where it has one
        "dormant_reactivation": lambda level, lowest, opened: opened is not None and opened <= long_ago,
        "suitability_breach": lambda level, lowest, opened: level in ("C2", "C3", "C4") and not lowest,
    }
    chosen, used = {}, set()
    candidates = _candidates()
    for pattern in PATTERNS:
        fits = wants.get(pattern, lambda *_: True)
        for number, level, lowest, opened in candidates:
            if number not in used and fits(level, lowest, opened):
                chosen[pattern] = number
                used.add(number)
                break
    return chosen


@step(30)
def trading(ctx):
    if Trade.objects.filter(source=SOURCE).exists():
        return
    engine.ingest(
        "instruments",
        [
            dict(zip(("code", "market", "instrument_name", "instrument_type", "industry", "risk_rating"), row))
            for row in INSTRUMENTS
        ],
        "json",
        channel="command",
        filename="demo",
    )
    accounts = _accounts()
    if accounts.empty:
        return
    planted = planted_accounts()
    today = timezone.localdate()
    days = pd.bdate_range(end=today - dt.timedelta(days=1), periods=DAYS * 5 // 7)
    if "new_account_churn" in planted:  # the churned account opened just before its burst, and closed after it
        opened = today - dt.timedelta(days=20)
        SecuritiesAccount.objects.filter(account_number=planted["new_account_churn"]).update(
            opened_on=opened, status="Closed", closed_on=today - dt.timedelta(days=1)
        )
        accounts.loc[accounts["account"] == planted["new_account_churn"], "opened_on"] = pd.Timestamp(opened)
    gen = _Generator(np.random.default_rng(ctx.seed), days, accounts, planted)
    frames = {kind: [] for kind in ("trades", "orders", "fund_transfers", "positions", "login_events")}
    gen.ordinary(frames)
    gen.planted(frames, today)
    bar = ctx.progress(len(frames), "trading data")
    for kind, parts in frames.items():
        frame = pd.concat(parts, ignore_index=True)
        if kind == "positions":  # a planted holding replaces the ordinary one of that day
            frame = frame.drop_duplicates(["account", "instrument", "position_date"], keep="last")
        buf = io.StringIO()
        frame.to_csv(buf, index=False)
        engine.ingest(
            kind, buf.getvalue().encode(), "csv", source=SOURCE, channel="command", filename=f"demo_{kind}.csv"
        )
        bar.update(1)
    bar.close()
    ctx.data["planted_accounts"] = planted


def _accounts() -> pd.DataFrame:
    """Every active account with what its data depends on: the client's suitability level (0: none; the
    lowest category 1; professionals 5), financial assets and the opening date."""
    cols = [
        "account_number",
        "client_id",
        "opened_on",
        "client__risk_level",
        "client__lowest_category",
        "client__investor_type",
        "client__financial_assets",
    ]
    rows = list(
        SecuritiesAccount.objects.filter(status=AccountStatus.ACTIVE).order_by("account_number").values_list(*cols)
    )
    frame = pd.DataFrame.from_records(
        rows, columns=["account", "client", "opened_on", "risk_level", "lowest", "investor_type", "assets"]
    )
    level = frame["risk_level"].map(LEVEL).fillna(0).astype(int)
    level = level.where(~frame["lowest"].astype(bool), 1)
    level = level.where(~frame["investor_type"].fillna("").str.startswith("Professional"), 5)
    frame["level"] = level
    frame["assets"] = pd.to_numeric(frame["assets"], errors="coerce").fillna(50_000).astype(float)
    frame["opened_on"] = pd.to_datetime(frame["opened_on"]).fillna(pd.Timestamp("2000-01-01"))
    return frame


def _monday(day) -> pd.Timestamp:
    day = pd.Timestamp(day).normalize()
    return day - pd.Timedelta(days=day.weekday())


class _Generator:
    def __init__(self, rng, days, accounts: pd.DataFrame, planted: dict):
        self.rng, self.days, self.seq = rng, pd.DatetimeIndex(days), 0
        self.plants = planted
        role = {acc: pattern for pattern, acc in planted.items()}
        acc = accounts.copy()
        acc["pattern"] = acc["account"].map(role).fillna("")
        # the first day of ordinary activity (the opening day) and the day after the last
        acc["lo"] = np.searchsorted(self.days.values, acc["opened_on"].values.astype("datetime64[ns]"))
        acc["hi"] = len(self.days)
        dormant = acc["pattern"] == "dormant_reactivation"
        acc.loc[dormant, "hi"] = np.minimum(20, len(self.days))  # active in the first month only, then asleep
        has = {
            what: acc["pattern"].map(lambda p, what=what: what in BACKGROUND.get(p, FULL)).astype(bool) for what in FULL
        }
        acc["flows"] = acc["pattern"] == ""
        for what, mask in has.items():
            acc[what] = mask
        self.accounts = acc.reset_index(drop=True)
        self._holdings()

    def ids(self, prefix: str, n: int) -> np.ndarray:
        start, self.seq = self.seq, self.seq + n
        return np.char.add(prefix, np.arange(start, start + n).astype(str))

    def at_day(self, index: np.ndarray, minutes: np.ndarray) -> pd.Series:
        """Times on business days (indexes into self.days) at minutes after midnight, with random seconds."""
        when = (
            self.days[index]
            + pd.to_timedelta(minutes, unit="m")
            + pd.to_timedelta(self.rng.integers(0, 60, len(index)), unit="s")
        )
        return pd.Series(when.strftime("%Y-%m-%d %H:%M:%S"))

    def trading_minutes(self, n: int) -> np.ndarray:
        minute = self.rng.integers(0, 240, n)  # 09:30-11:30 then 13:00-15:00
        return np.where(minute < 120, 570 + minute, 780 + minute - 120)

    def times(self, n: int, days) -> pd.Series:
        """Random moments in trading hours on the given business days (Shanghai, naive)."""
        days = pd.DatetimeIndex(days)
        index = self.days.get_indexer(days)[self.rng.integers(0, len(days), n)]
        return self.at_day(index, self.trading_minutes(n))

    def _holdings(self):
        """Each account's portfolio: up to five instruments its client's level allows, at similar weights,
        worth 30-80% of the client's financial assets, in whole lots; slot 0 is exchange-traded."""
        acc, rng = self.accounts, self.rng
        slots = 5
        codes = np.full((len(acc), slots), "", dtype=object)
        for level in range(6):
            rows = np.flatnonzero(acc["level"].values == level)
            if not len(rows):
                continue
            allowed = [c for c in PRICES if (RATING[c] <= level if level else c in TRADED and not _rated(c))]
            listed = [c for c in allowed if c in TRADED]
            others = np.array(allowed, dtype=object)
            first = np.array(listed, dtype=object)[rng.integers(0, len(listed), len(rows))]
            keys = rng.random((len(rows), len(others)))
            keys[others[None, :] == first[:, None]] = 2.0  # the exchange-traded slot is not drawn again
            rest = others[np.argsort(keys, axis=1)[:, : slots - 1]]
            taken = min(slots - 1, len(others) - 1)
            codes[rows, 0] = first
            codes[rows, 1 : 1 + taken] = rest[:, :taken]
        value = acc["assets"].values * rng.uniform(0.3, 0.8, len(acc))
        weights = np.where(codes != "", rng.uniform(0.7, 1.3, codes.shape), 0.0)
        weights /= weights.sum(axis=1, keepdims=True)
        price = np.vectorize(lambda c: PRICES.get(c, 1.0))(codes).astype(float)
        lots = np.floor(value[:, None] * weights / (price * 100))
        self.codes, self.lots, self.price = codes, lots, price

    def trades(self, accounts, n, days=None, prefix="DT", side=None) -> pd.DataFrame:
        """n trades spread over the given accounts, each in one of its exchange-traded holdings, on the given
        days (default: any day of the history)."""
        rng = self.rng
        index = self.accounts.set_index("account").index
        rows = index.get_indexer(np.asarray(accounts)[rng.integers(0, len(accounts), n)])
        day_index = (
            self.days.get_indexer(pd.DatetimeIndex(days))[rng.integers(0, len(days), n)]
            if days is not None
            else rng.integers(0, len(self.days), n)
        )
        return self._trade_rows(rows, day_index, prefix, side)

    def _trade_rows(self, rows, day_index, prefix="DT", side=None) -> pd.DataFrame:
        rng, n = self.rng, len(rows)
        listed = np.isin(self.codes[rows], TRADED)  # a held listed instrument first, else any listed slot
        slot = np.argmax(np.where(listed, rng.random(listed.shape) + (self.lots[rows] > 0), -1.0), axis=1)
        code = self.codes[rows, slot]
        held = self.lots[rows, slot]
        price = np.round(self.price[rows, slot] * rng.uniform(0.95, 1.05, n), 2)
        qty = rng.integers(1, np.maximum(held // 4, 1) + 1) * 100
        amount = np.round(price * qty, 2)
        return pd.DataFrame(
            {
                "external_id": self.ids(prefix, n),
                "account": self.accounts["account"].values[rows],
                "instrument": code,
                "side": side or np.where(rng.random(n) < 0.52, "Buy", "Sell"),
                "quantity": qty,
                "price": price,
                "amount": amount,
                "fee": np.round(np.maximum(amount * 0.00025, 5), 2),
                "trade_time": self.at_day(day_index, self.trading_minutes(n)),
                "channel": CHANNELS[rng.integers(0, len(CHANNELS), n)],
            }
        )

    def orders(self, trades: pd.DataFrame, cancel_share: float, prefix="DO", exact=False) -> pd.DataFrame:
        """An order behind each trade; a share of them cancelled three seconds after placing (exactly that share
        when `exact`, otherwise at random)."""
        n = len(trades)
        cancelled = (self.rng.permutation(n) < round(n * cancel_share)) if exact else self.rng.random(n) < cancel_share
        placed = pd.to_datetime(trades["trade_time"]) - pd.to_timedelta(self.rng.integers(1, 120, n), unit="s")
        return pd.DataFrame(
            {
                "external_id": self.ids(prefix, n),
                "account": trades["account"],
                "instrument": trades["instrument"],
                "side": trades["side"],
                "price": trades["price"],
                "quantity": trades["quantity"],
                "status": np.where(cancelled, "Cancelled", "Filled"),
                "placed_time": placed.dt.strftime("%Y-%m-%d %H:%M:%S"),
                "cancelled_time": np.where(
                    cancelled, (placed + pd.Timedelta(seconds=3)).dt.strftime("%Y-%m-%d %H:%M:%S"), ""
                ),
                "channel": trades["channel"],
            }
        )

    def flows(
        self,
        accounts,
        amounts,
        directions,
        times,
        cash=False,
        banks=None,
        cross_border=False,
        currency="CNY",
        prefix="DF",
    ) -> pd.DataFrame:
        n = len(amounts)
        return pd.DataFrame(
            {
                "external_id": self.ids(prefix, n),
                "account": accounts,
                "direction": directions,
                "amount": np.round(amounts, 2),
                "currency": currency,
                "is_cash": "1" if cash else "0",
                "cross_border": "1" if cross_border else "0",
                "counterparty_bank": banks if banks is not None else BANKS[self.rng.integers(0, 8, n)],
                "transfer_time": times,
                "channel": "Online",
            }
        )

    def _per_account(self, mask, per_account: float):
        """Rows for the accounts in `mask`: a Poisson count each, in proportion to the share of the history
        they are active in, each on a random day of that active span. Returns (row indexes, day indexes)."""
        acc = self.accounts
        rows = np.flatnonzero(mask & (acc["hi"] > acc["lo"]).values)
        lo, hi = acc["lo"].values[rows], acc["hi"].values[rows]
        counts = self.rng.poisson(per_account * (hi - lo) / len(self.days))
        rows, lo, hi = np.repeat(rows, counts), np.repeat(lo, counts), np.repeat(hi, counts)
        return rows, lo + np.floor(self.rng.random(len(rows)) * (hi - lo)).astype(int)

    def ordinary(self, frames):
        rng, acc = self.rng, self.accounts
        rows, day_index = self._per_account(acc["trades"].values, TRADES_PER_ACCOUNT)
        trades = self._trade_rows(rows, day_index)
        frames["trades"].append(trades)
        frames["orders"].append(self.orders(trades, 0.12))

        rows, day_index = self._per_account(acc["flows"].values, FLOWS_PER_ACCOUNT)
        # at most one transfer a day per client, so that no day sums up to a large-value transfer
        once = ~pd.DataFrame({"client": acc["client"].values[rows], "day": day_index}).duplicated().values
        rows, day_index = rows[once], day_index[once]
        scale = np.clip(acc["assets"].values[rows] * 0.02, 5_000, MAX_FLOW / 2)
        amounts = np.clip(scale * rng.lognormal(0, 0.5, len(rows)), 1000, MAX_FLOW)
        frames["fund_transfers"].append(
            self.flows(
                acc["account"].values[rows],
                amounts,
                np.where(rng.random(len(rows)) < 0.55, "In", "Out"),
                self.at_day(day_index, self.trading_minutes(len(rows))),
            )
        )

        frames["positions"].append(self._positions(acc["positions"].values))
        frames["login_events"].append(self._logins(acc["login_events"].values))

    def month_ends(self) -> list[pd.Timestamp]:
        ends = pd.DatetimeIndex(self.days).to_period("M").to_timestamp("M").unique()
        return [d for d in ends if d <= self.days[-1]]

    def _positions(self, mask) -> pd.DataFrame:
        """Month-end holdings of the accounts in `mask` from their opening on: the same quantities each month,
        valued at that month's price (each instrument drifts within ±10%)."""
        acc, rng = self.accounts, self.rng
        ends = self.month_ends()
        drift = {code: rng.uniform(0.9, 1.1, len(ends)) for code in PRICES}
        parts = []
        for m, date in enumerate(ends):
            opened = acc["opened_on"].values <= np.datetime64(date)
            for slot in range(self.codes.shape[1]):
                rows = np.flatnonzero(mask & opened & (self.lots[:, slot] > 0))
                if not len(rows):
                    continue
                code = self.codes[rows, slot]
                qty = self.lots[rows, slot] * 100
                value = qty * self.price[rows, slot] * np.array([drift[c][m] for c in code])
                parts.append(
                    pd.DataFrame(
                        {
                            "account": acc["account"].values[rows],
                            "instrument": code,
                            "position_date": date.strftime("%Y-%m-%d"),
                            "quantity": qty.astype(int),
                            "market_value": np.round(value, 2),
                        }
                    )
                )
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    def _logins(self, mask) -> pd.DataFrame:
        """Logins every three to eleven working days from the opening on, from one place or alternating between
        two (home: a broadband address and a computer; on the move: a mobile address and a phone)."""
        acc, rng = self.accounts, self.rng
        rows = np.flatnonzero(mask)
        lo, hi = acc["lo"].values[rows], acc["hi"].values[rows]
        steps = len(self.days) // 3 + 2
        schedule = (
            lo[:, None]
            + rng.integers(0, 3, (len(rows), 1))
            + np.cumsum(rng.integers(3, 12, (len(rows), steps)), axis=1)
            - 3
        )
        places = np.where(rng.random(len(rows)) < 0.6, 2, 1)
        home_ip, mobile_ip = _ips(rng, len(rows)), _ips(rng, len(rows))
        home_device = HOME_DEVICES[rng.integers(0, len(HOME_DEVICES), len(rows))]
        phone = PHONES[rng.integers(0, len(PHONES), len(rows))]
        keep = schedule < hi[:, None]
        r, j = np.nonzero(keep)
        on_phone = (j % places[r]) == 1
        n = len(r)
        return pd.DataFrame(
            {
                "external_id": self.ids("DL", n),
                "account": acc["account"].values[rows][r],
                "login_time": self.at_day(schedule[r, j], rng.integers(7 * 60, 22 * 60, n)),
                "ip_address": np.where(on_phone, mobile_ip[r], home_ip[r]),
                "device": np.where(on_phone, phone[r], home_device[r]),
                "channel": np.where(on_phone, "Mobile", "Online"),
            }
        )

    def planted(self, frames: dict, today: dt.date):
        rng, days, planted = self.rng, self.days, self.plants
        recent = days[-10:]
        week = _monday(today - dt.timedelta(days=14))  # a whole past week, Monday to Friday
        weekdays = [week + pd.Timedelta(days=i) for i in range(5)]

        def at(day, hh, mm=0, ss=0):
            return (pd.Timestamp(day) + pd.Timedelta(hours=hh, minutes=mm, seconds=ss)).strftime("%Y-%m-%d %H:%M:%S")

        def add_trades(acc, n, on_days, cancel_share=0.1, channel=None, side=None):
            trades = self.trades([acc], n, days=on_days, side=side)
            if channel:
                trades["channel"] = channel
            frames["trades"].append(trades)
            frames["orders"].append(self.orders(trades, cancel_share))
            return trades

        if acc := planted.get("structuring"):
            on = weekdays + [week + pd.Timedelta(days=7)]
            frames["fund_transfers"].append(
                self.flows([acc] * 6, rng.uniform(49_000, 49_900, 6), ["In"] * 6, [at(d, 10, 5) for d in on], cash=True)
            )
        if acc := planted.get("large_cash"):
            frames["fund_transfers"].append(
                self.flows([acc], np.array([68_000.0]), ["In"], [at(days[-3], 14, 12)], cash=True)
            )
        if acc := planted.get("dormant_reactivation"):
            add_trades(acc, 5, days[:20])  # its last activity before the sleep, whatever the ordinary trades were
            frames["fund_transfers"].append(self.flows([acc], np.array([480_000.0]), ["In"], [at(recent[0], 9, 30)]))
            add_trades(acc, 60, recent[1:], channel="Phone")
        if acc := planted.get("new_account_churn"):
            opened = pd.bdate_range(start=today - dt.timedelta(days=19), periods=8)
            frames["fund_transfers"].append(self.flows([acc], np.array([490_000.0]), ["In"], [at(opened[0], 9, 0)]))
            add_trades(acc, 120, opened)
            frames["fund_transfers"].append(self.flows([acc], np.array([488_000.0]), ["Out"], [at(opened[-1], 15, 30)]))
        if acc := planted.get("scatter_gather"):
            amounts = rng.uniform(20_000, 38_000, 12)
            frames["fund_transfers"].append(
                self.flows(
                    [acc] * 12, amounts, ["In"] * 12, [at(weekdays[i % 4], 10, i) for i in range(12)], banks=BANKS[:12]
                )
            )
            frames["fund_transfers"].append(
                self.flows([acc], np.array([round(amounts.sum(), 2)]), ["Out"], [at(weekdays[4], 14, 30)])
            )
        if acc := planted.get("cancel_ratio"):
            trades = self.trades([acc], 320, days=days[-4:-3])
            orders = self.orders(trades, 0.85, exact=True)
            frames["orders"].append(orders)
            frames["trades"].append(trades[(orders["status"] == "Filled").values])
        if acc := planted.get("high_frequency"):
            n = 400
            base = pd.Timestamp(days[-2]) + pd.Timedelta(hours=10)
            placed = base + pd.to_timedelta(np.sort(rng.integers(0, 999_000, n)), unit="us")
            trades = self.trades([acc], n, days=days[-2:-1])
            orders = self.orders(trades, 0.2, exact=True)
            orders["placed_time"] = placed.strftime("%Y-%m-%d %H:%M:%S.%f")
            orders["cancelled_time"] = np.where(
                orders["status"] == "Cancelled",
                (placed + pd.Timedelta(milliseconds=500)).strftime("%Y-%m-%d %H:%M:%S.%f"),
                "",
            )
            frames["orders"].append(orders)
        if acc := planted.get("large_cross_border"):
            frames["fund_transfers"].append(
                self.flows(
                    [acc],
                    np.array([40_000.0]),
                    ["Out"],
                    [at(days[-5], 11, 0)],
                    cross_border=True,
                    currency="USD",
                    banks=["HSBC Hong Kong"],
                )
            )
        if acc := planted.get("unusual_login"):
            when = days[-2]
            frames["login_events"].append(
                pd.DataFrame(
                    {
                        "external_id": self.ids("DL", 3),
                        "account": acc,
                        "login_time": [at(when, 3, 2), at(when, 3, 9), at(when, 3, 15)],
                        "ip_address": ["185.220.101.7", "185.220.101.7", "185.220.101.9"],
                        "device": "未知 Android 手机",
                        "channel": "Online",
                    }
                )
            )
            frames["fund_transfers"].append(self.flows([acc], np.array([300_000.0]), ["Out"], [at(when, 9, 31)]))
        if acc := planted.get("concentration"):
            last = self.month_ends()[-1].strftime("%Y-%m-%d")
            frames["positions"].append(
                pd.DataFrame(
                    {
                        "account": acc,
                        "instrument": ["300750.SZ", "600036.SH", "019666.SH"],
                        "position_date": last,
                        "quantity": [9000, 1000, 100],
                        "market_value": [1_890_000.00, 36_000.00, 10_100.00],
                    }
                )
            )
            # the ordinary holdings of that day are gone: sold for the one stock
            frames["positions"][0] = frames["positions"][0][
                ~((frames["positions"][0]["account"] == acc) & (frames["positions"][0]["position_date"] == last))
            ]
        if acc := planted.get("frequent_trading"):
            add_trades(acc, 120, days[-6:-5])
        if acc := planted.get("large_outflow"):
            add_trades(acc, 8, weekdays[:2], side="Sell")
            frames["fund_transfers"].append(
                self.flows(
                    [acc] * 3,
                    np.array([400_000.0, 350_000.0, 300_000.0]),
                    ["Out"] * 3,
                    [at(d, 15, 20) for d in weekdays[:3]],
                )
            )
        if acc := planted.get("idle_account_flows"):
            start = _window_start(days[-1], 30) - pd.Timedelta(days=30)  # the last whole 30-day window
            weeks = [_monday(start + pd.Timedelta(days=7)) + pd.Timedelta(days=7 * i) for i in range(3)]
            frames["fund_transfers"].append(
                self.flows(
                    [acc] * 4,
                    np.array([460_000.0, 430_000.0, 440_000.0, 420_000.0]),
                    ["In", "In", "Out", "Out"],
                    [
                        at(weeks[0], 10),
                        at(weeks[0] + pd.Timedelta(days=3), 10),
                        at(weeks[1] + pd.Timedelta(days=1), 14),
                        at(weeks[2] + pd.Timedelta(days=2), 14),
                    ],
                )
            )
        if acc := planted.get("suitability_breach"):
            ends = self.month_ends()[-2:]
            frames["positions"].append(
                pd.DataFrame(
                    {
                        "account": acc,
                        "instrument": "PR2603.OTC",
                        "position_date": [d.strftime("%Y-%m-%d") for d in ends],
                        "quantity": [300_000, 300_000],
                        "market_value": [301_200.00, 297_600.00],
                    }
                )
            )


def _window_start(day, days: int) -> pd.Timestamp:
    """The start of the monitoring's tumbling window of `days` that holds `day`."""
    return EPOCH + pd.Timedelta(days=((pd.Timestamp(day).normalize() - EPOCH).days // days) * days)


def _rated(code: str) -> bool:
    return code in RATED


def _ips(rng, n: int) -> np.ndarray:
    """Mainland broadband and mobile addresses, one per account and place."""
    a = rng.choice([36, 58, 112, 114, 117, 183, 223], n)
    parts = [a, rng.integers(0, 256, n), rng.integers(0, 256, n), rng.integers(1, 255, n)]
    return np.array([".".join(map(str, p)) for p in zip(*parts)])
