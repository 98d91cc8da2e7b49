"""What each kind of ingested record looks like: its columns, their types and rules, and its key.

A column's `kind` says how validate.py checks it, all at once over the column:
    text, decimal (max digits, decimal places, sign), datetime, date, bool, choice (with
    aliases), ip, account (a Securities Account's number), instrument (an Instrument's code).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = True
    max_length: int = 0
    digits: tuple[int, int] = (20, 4)  # decimals: max digits, decimal places
    sign: str = "any"  # decimals: "any", "nonnegative", "positive"
    choices: dict[str, str] = field(default_factory=dict)  # lower-case alias -> stored value
    default: str = ""
    db_column: str = ""  # defaults to name, or name + "_id" for account and instrument

    @property
    def column(self) -> str:
        if self.db_column:
            return self.db_column
        return f"{self.name}_id" if self.kind in ("account", "instrument") else self.name


@dataclass(frozen=True)
class Kind:
    name: str
    model_name: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("source", "external_id")
    label: object = ""

    @property
    def model(self):
        return apps.get_model("securities_crm", self.model_name)

    @property
    def has_account(self) -> bool:
        return any(c.kind == "account" for c in self.columns)


def _choices(values: dict[str, list[str]]) -> dict[str, str]:
    out = {}
    for stored, aliases in values.items():
        for alias in [stored, *aliases]:
            out[alias.lower()] = stored
    return out


SIDE = _choices({"Buy": ["b", "1", "买", "买入"], "Sell": ["s", "2", "卖", "卖出"]})
CHANNEL = _choices({"Online": ["web", "pc"], "Mobile": ["app"], "Counter": ["branch"], "Phone": ["tel"],
                    "API": ["program", "algo"]})
DIRECTION = _choices({"In": ["deposit", "入", "转入"], "Out": ["withdraw", "withdrawal", "出", "转出"]})
CURRENCY = _choices({"CNY": ["rmb"], "USD": [], "HKD": []})
ORDER_STATUS = _choices({"New": [], "Partially Filled": ["partial"], "Filled": [], "Cancelled": ["canceled"],
                         "Rejected": []})
MARKET = _choices({m: [] for m in ("SH", "SZ", "BJ", "HK", "OF", "OTC")})
INSTRUMENT_TYPE = _choices({t: [] for t in ("Stock", "Bond", "Fund", "ETF", "Option", "Warrant", "Product")})
RISK = _choices({r: [] for r in ("R1", "R2", "R3", "R4", "R5")})

SOURCE = Column("source", required=False, max_length=40)
EXTERNAL_ID = Column("external_id", max_length=64)
ACCOUNT = Column("account", "account")
INSTRUMENT = Column("instrument", "instrument")
OPTIONAL_CHANNEL = Column("channel", "choice", required=False, choices=CHANNEL)
QUANTITY = Column("quantity", "decimal", digits=(20, 4), sign="positive")
PRICE = Column("price", "decimal", digits=(18, 4), sign="nonnegative")

KINDS: dict[str, Kind] = {k.name: k for k in (
    Kind("trades", "Trade", (
        SOURCE, EXTERNAL_ID, ACCOUNT, INSTRUMENT, Column("side", "choice", choices=SIDE), QUANTITY, PRICE,
        Column("amount", "decimal", digits=(20, 2), sign="nonnegative"),
        Column("fee", "decimal", required=False, digits=(18, 2), sign="nonnegative", default="0"),
        Column("trade_time", "datetime"), OPTIONAL_CHANNEL), label=_("Trades")),
    Kind("orders", "Order", (
        SOURCE, EXTERNAL_ID, ACCOUNT, INSTRUMENT, Column("side", "choice", choices=SIDE), PRICE, QUANTITY,
        Column("status", "choice", choices=ORDER_STATUS), Column("placed_time", "datetime"),
        Column("cancelled_time", "datetime", required=False), OPTIONAL_CHANNEL), label=_("Orders")),
    Kind("fund_transfers", "FundTransfer", (
        SOURCE, EXTERNAL_ID, ACCOUNT, Column("direction", "choice", choices=DIRECTION),
        Column("amount", "decimal", digits=(20, 2), sign="positive"),
        Column("currency", "choice", required=False, choices=CURRENCY, default="CNY"),
        Column("is_cash", "bool", required=False, default="0"),
        Column("cross_border", "bool", required=False, default="0"),
        Column("counterparty_bank", required=False, max_length=100),
        Column("transfer_time", "datetime"), OPTIONAL_CHANNEL), label=_("Fund Transfers")),
    Kind("positions", "Position", (
        SOURCE, Column("external_id", required=False, max_length=64), ACCOUNT, INSTRUMENT,
        Column("position_date", "date"), Column("quantity", "decimal", digits=(20, 4), sign="nonnegative"),
        Column("market_value", "decimal", digits=(20, 2), sign="nonnegative")), label=_("Positions")),
    Kind("login_events", "LoginEvent", (
        SOURCE, EXTERNAL_ID, ACCOUNT, Column("login_time", "datetime"), Column("ip_address", "ip", required=False),
        Column("device", required=False, max_length=140), OPTIONAL_CHANNEL), label=_("Login Events")),
    Kind("instruments", "Instrument", (
        Column("code", max_length=32), Column("market", "choice", choices=MARKET),
        Column("instrument_name", max_length=140),
        Column("instrument_type", "choice", required=False, choices=INSTRUMENT_TYPE, default="Stock"),
        Column("industry", required=False, max_length=100),
        Column("risk_rating", "choice", required=False, choices=RISK)), key=("code",), label=_("Instruments")),
)}

# Aliases the source systems use for some columns.
COLUMN_ALIASES = {"name": "instrument_name", "type": "instrument_type", "account_number": "account",
                  "ip": "ip_address", "instrument_code": "instrument"}


def get(kind: str) -> Kind | None:
    return KINDS.get(kind)
