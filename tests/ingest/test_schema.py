"""The ingest columns come from the models; the specs beside them add only what a model cannot say;
the public kind names come from the DocTypes, once, and stay what integrators call."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import models

from securities_crm.core.discovery import doctype_modules
from securities_crm.core.validators import NON_NEGATIVE, POSITIVE
from securities_crm.doctype.ingestion_batch import kinds as batch_kinds
from securities_crm.doctype.ingestion_batch.model import IngestionBatch
from securities_crm.doctype.shared.ingest_spec import IngestSpec, kind_name
from securities_crm.doctype.trade.model import Trade
from securities_crm.ingest import schema

PUBLIC = ["trades", "orders", "fund_transfers", "positions", "login_events", "instruments"]


def test_the_public_kind_names_are_the_doctypes_and_stay_as_integrators_know_them():
    assert list(schema.kinds()) == PUBLIC  # renaming a DocType would rename an API method: a breaking change
    assert [k.doctype for k in schema.kinds().values()] == [
        "Trade",
        "Order",
        "Fund Transfer",
        "Position",
        "Login Event",
        "Instrument",
    ]
    assert all(kind_name(k.doctype) == name for name, k in schema.kinds().items())
    assert [value for value, _label in IngestionBatch._meta.get_field("kind").choices] == PUBLIC


def test_every_kind_is_an_api_method_and_a_command_choice():
    from securities_crm.api.views import load_methods
    from securities_crm.api.whitelist import WHITELISTED
    from securities_crm.management.commands.ingest import Command

    load_methods()
    assert {p.rsplit(".", 1)[1] for p in WHITELISTED if p.startswith("securities_crm.api.ingest.")} == {
        *PUBLIC,
        "rejects",
    }
    parser = Command().create_parser("manage.py", "ingest")
    kind_action = next(a for a in parser._actions if a.dest == "kind")
    assert list(kind_action.choices) == PUBLIC


def test_every_ingest_spec_beside_a_model_is_listed():
    listed = {spec.model.__module__.rsplit(".", 1)[0] + ".ingest" for spec in batch_kinds.SPECS}
    assert set(doctype_modules("ingest")) == listed


def test_columns_are_the_models_fields():
    trades = schema.get("trades")
    assert [c.name for c in trades.columns] == [
        "source",
        "external_id",
        "account",
        "instrument",
        "side",
        "quantity",
        "price",
        "amount",
        "fee",
        "trade_time",
        "channel",
    ]
    fee = trades.column("fee")
    assert fee == schema.Column(
        "fee", "decimal", required=False, digits=(18, 2), sign="nonnegative", default="0", column="fee", choices={}
    )
    assert (trades.column("quantity").sign, trades.column("account").column) == ("positive", "account_id")
    assert trades.column("side").choices["买"] == "Buy" and trades.column("channel").required is False
    transfers = schema.get("fund_transfers")
    assert (transfers.column("currency").default, transfers.column("is_cash").kind) == ("CNY", "bool")
    assert schema.get("login_events").column("ip_address").kind == "ip"
    assert schema.get("positions").column("external_id").required is False  # made from the snapshot
    instruments = schema.get("instruments")
    assert (instruments.key_columns, instruments.named_by, instruments.default_source) == (["name"], "code", "")


def _field(field, name="value"):
    field.set_attributes_from_name(name)
    return field


def test_a_column_follows_its_field():
    spec = IngestSpec(Trade)
    price = schema.column_of(_field(models.DecimalField(max_digits=12, decimal_places=3, validators=[POSITIVE])), spec)
    assert (price.kind, price.digits, price.sign, price.required) == ("decimal", (12, 3), "positive", True)
    count = schema.column_of(
        _field(models.DecimalField(max_digits=9, decimal_places=0, null=True, validators=[NON_NEGATIVE])), spec
    )
    assert (count.sign, count.required) == ("nonnegative", False)
    when = schema.column_of(_field(models.DateField(blank=True, null=True)), spec)
    assert (when.kind, when.required) == ("date", False)
    flag = schema.column_of(_field(models.BooleanField(default=True)), spec)
    assert (flag.kind, flag.default) == ("bool", "1")
    note = schema.column_of(_field(models.CharField(max_length=7, blank=True)), spec)
    assert (note.kind, note.max_length, note.required) == ("text", 7, False)


def test_the_model_is_the_truth_for_choices_and_fields():
    colour = _field(models.CharField(max_length=5, choices=[("Red", "Red"), ("Blue", "Blue")]), "colour")
    aliased = schema.column_of(colour, IngestSpec(Trade, values={"colour": {"Red": ["r", "红"]}}))
    assert aliased.choices == {"red": "Red", "r": "Red", "红": "Red", "blue": "Blue"}
    with pytest.raises(ImproperlyConfigured, match="Green"):
        schema.column_of(colour, IngestSpec(Trade, values={"colour": {"Green": ["g"]}}))
    with pytest.raises(ImproperlyConfigured, match="volume"):
        schema.kind_of(IngestSpec(Trade, columns={"qty": "volume"}))
