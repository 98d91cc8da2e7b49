"""Client Profile: exact metrics on hand-built histories (fed through the real ingestion engine), the
nightly run cut into partitions against a one-shot run, reruns, and who may read or write profiles.

The as-of date is fixed (AS_OF) and every row is placed relative to it, so nothing depends on the clock.
"""

import datetime as dt
from decimal import Decimal

import pytest
from client_fixtures import new_client

from securities_crm.doctype.client_profile.model import ClientProfile
from securities_crm.ingest.engine import ingest
from securities_crm.profiling import jobs, store

AS_OF = dt.date(2026, 6, 30)
_seq = iter(range(1, 10_000))


def day(days_before: int, hour: int = 10) -> str:
    return (dt.datetime.combine(AS_OF, dt.time(hour)) - dt.timedelta(days=days_before)).isoformat(sep=" ")


def feed(kind, rows):
    for row in rows:
        row.setdefault("external_id", f"E{next(_seq):06d}")
    report = ingest(kind, rows, fmt="json")
    assert report["rejected"] == 0, report["rejects"][:3]


def buy(account, qty, amount, when, code="600519.SH", side="Buy", fee="0"):
    price = Decimal(str(amount)) / Decimal(str(qty))
    return {
        "account": account,
        "instrument": code,
        "side": side,
        "quantity": str(qty),
        "price": str(price.quantize(Decimal("0.0001"))),
        "amount": str(amount),
        "fee": str(fee),
        "trade_time": when,
    }


def sell(account, qty, amount, when, code="600519.SH"):
    return buy(account, qty, amount, when, code, side="Sell")


def position(account, value, days_before=0, code="600519.SH"):
    return {
        "account": account,
        "instrument": code,
        "position_date": (AS_OF - dt.timedelta(days=days_before)).isoformat(),
        "quantity": "100",
        "market_value": str(value),
    }


@pytest.fixture
def people(make_user, branch):
    """Clients C1..C12, each with one account ACC01..ACC12; C1..C6 are cm_a's, the rest cm_b's."""
    from securities_crm.doctype.instrument.model import Instrument
    from securities_crm.doctype.securities_account.model import SecuritiesAccount

    cm_a = make_user("cm_prof_a", roles=["Client Manager"], branch=branch)
    cm_b = make_user("cm_prof_b", roles=["Client Manager"], branch=branch)
    clients = {}
    for i in range(1, 13):
        c = new_client(branch, cm_a if i <= 6 else cm_b, seq=i, risk_level="C3")
        SecuritiesAccount(account_number=f"ACC{i:02d}", client=c).save()
        clients[i] = c
    for code, market, kind, industry in (
        ("600519.SH", "SH", "Stock", "食品饮料"),
        ("000001.SZ", "SZ", "Stock", "银行"),
        ("510300.SH", "SH", "ETF", ""),
    ):
        Instrument(code=code, market=market, instrument_name=code, instrument_type=kind, industry=industry).save()
    return {"clients": clients, "cm_a": cm_a, "cm_b": cm_b}


def profile(client) -> ClientProfile:
    return ClientProfile.objects.get(client=client)


def test_turnover_and_average_aum_over_the_snapshot_calendar(people):
    c = people["clients"]
    # Two snapshot dates in the 6-month window: C1 holds 100 then 300 (average 200); C2 only on the
    # second date (0 on the first counts: average 150).
    feed("positions", [position("ACC01", 100, 10), position("ACC01", 300, 0), position("ACC02", 300, 0)])
    feed("trades", [buy("ACC01", 100, 3000, day(5)), sell("ACC01", 100, 2000, day(3)), buy("ACC02", 10, 600, day(1))])
    jobs.run(AS_OF)
    p1, p2 = profile(c[1]), profile(c[2])
    assert p1.aum == Decimal("300.00") and p1.avg_aum_6m == Decimal("200.00") and p1.peak_aum_12m == Decimal("300.00")
    assert p1.traded_amount_6m == Decimal("5000.00") and p1.turnover_6m == Decimal("25.0000")
    assert p1.style_tag == "Short Term"
    assert p2.avg_aum_6m == Decimal("150.00") and p2.turnover_6m == Decimal("4.0000") and p2.style_tag == "Medium Term"
    assert p1.trades_1m == 2 and p1.trade_days_1m == 2 and p1.last_trade_on == AS_OF - dt.timedelta(days=3)
    assert p1.days_since_trade == 3 and p1.has_activity


@pytest.mark.parametrize(
    "amount, style",
    [
        ("4000.00", "High Frequency"),  # exactly 40
        ("3999.99", "Short Term"),
        ("1200.00", "Short Term"),  # exactly 12
        ("1199.99", "Medium Term"),
        ("300.00", "Medium Term"),  # exactly 3
        ("299.99", "Long Term"),
    ],
)
def test_style_boundaries_at_exactly_40_12_and_3(people, amount, style):
    c = people["clients"]
    feed("positions", [position("ACC01", 100, 0)])  # average daily AUM 100 over the one snapshot date
    feed("trades", [buy("ACC01", 1, amount, day(2))])
    jobs.run(AS_OF)
    p = profile(c[1])
    assert p.turnover_6m == Decimal(amount) / 100 and p.style_tag == style


def test_holding_period_is_first_in_first_out_with_partial_sells(people):
    c = people["clients"]
    feed(
        "trades",
        [
            buy("ACC01", 100, 1000, day(100)),
            buy("ACC01", 100, 1000, day(50)),
            sell("ACC01", 150, 1500, day(20)),  # 100 held 80 days, 50 held 30 days
            sell("ACC01", 50, 500, day(10)),  # the other 50 of the second lot: 40 days
            buy("ACC01", 10, 100, day(5), code="000001.SZ"),  # still held: not in the average
            sell("ACC02", 10, 100, day(5)),  # bought before the year loaded: matches nothing
        ],
    )
    jobs.run(AS_OF)
    # (100 × 80 + 50 × 30 + 50 × 40) / 200
    assert profile(c[1]).holding_days == Decimal("57.50")
    assert profile(c[2]).holding_days == Decimal("0.00")


def test_rfm_quintile_edges_and_cells(people):
    c = people["clients"]
    # C1..C10 trade once, i days before, paying a fee of i: recency and monetary spread 1..10, frequency equal.
    feed("trades", [buy(f"ACC{i:02d}", 1, 100, day(i), fee=i) for i in range(1, 11)])
    jobs.run(AS_OF)
    got = {i: profile(c[i]) for i in range(1, 11)}
    # breakpoints of 1..10 are 2, 4, 6, 8: v ≤ 2 → 1, ..., v > 8 → 5 (recency the other way round)
    assert [got[i].rfm_monetary for i in range(1, 11)] == [1, 1, 2, 2, 3, 3, 4, 4, 5, 5]
    assert [got[i].rfm_recency for i in range(1, 11)] == [5, 5, 4, 4, 3, 3, 2, 2, 1, 1]
    assert {got[i].rfm_frequency for i in range(1, 11)} == {1}
    cells = [got[i].rfm_cell for i in range(1, 11)]
    assert cells[:4] == ["General Development"] * 4  # recent, low fees
    assert cells[4:6] == ["Important Development"] * 2  # recent, high fees
    assert cells[6:] == ["Important Win-back"] * 4  # long ago, high fees
    assert profile(c[11]).rfm_cell == "" and profile(c[11]).rfm_recency == 0  # no activity: not ranked


def test_a_client_without_data_gets_zeros_and_no_activity(people):
    c = people["clients"]
    jobs.run(AS_OF)
    p = profile(c[12])
    assert not p.has_activity and not p.compliance_only
    assert p.aum == 0 and p.trades_6m == 0 and p.turnover_6m == 0 and p.holding_days == 0 and p.net_inflow_12m == 0
    assert p.last_trade_on is None and p.days_since_trade is None and p.style_tag == "" and p.follower_style == ""
    assert p.top_markets == [] and p.channel_mix == {} and p.rfm_cell == ""
    assert p.risk_level == "C3" and p.as_of == AS_OF


def test_preferences_flows_follower_share_and_recency_from_before_the_year(people):
    c = people["clients"]
    feed(
        "trades",
        [
            buy("ACC01", 100, 6000, day(10)),
            buy("ACC01", 100, 3000, day(11), code="000001.SZ"),
            buy("ACC01", 100, 1000, day(12), code="510300.SH"),
            buy("ACC02", 1, 10, day(400)),  # older than the year: recency only
        ],
    )
    feed("positions", [position("ACC01", 700, 0), position("ACC01", 300, 0, code="510300.SH")])
    feed(
        "fund_transfers",
        [
            {"account": "ACC01", "direction": "In", "amount": "5000", "transfer_time": day(60)},
            {"account": "ACC01", "direction": "Out", "amount": "1000", "transfer_time": day(5)},
        ],
    )
    feed("login_events", [{"account": "ACC01", "login_time": day(1), "channel": "app"}])
    feed(
        "orders",
        [
            {"account": "ACC01", "instrument": "600519.SH", "side": "Buy", "price": "1", "quantity": "1",
             "status": "Filled", "placed_time": day(10), "channel": "web"},
        ],
    )  # fmt: skip
    jobs.run(AS_OF)
    p = profile(c[1])
    assert p.top_markets == [
        {"key": "SH", "amount": 7000.0, "share": 0.7},
        {"key": "SZ", "amount": 3000.0, "share": 0.3},
    ]
    assert [t["key"] for t in p.top_instrument_types] == ["Stock", "ETF"]
    assert [t["key"] for t in p.top_industries] == ["食品饮料", "银行"]
    assert p.channel_mix == {"Mobile": 0.5, "Online": 0.5}
    assert p.net_inflow_1m == Decimal("-1000.00") and p.net_inflow_3m == Decimal("4000.00") and p.ever_funded
    # the most-traded names of the month are 600519.SH, 000001.SZ, 510300.SH: all of C1's holdings
    assert p.follower_share == Decimal("1.0000") and p.follower_style == "Follower"
    assert p.last_login_on == AS_OF - dt.timedelta(days=1) and p.days_since_login == 1
    old = profile(c[2])
    assert old.last_trade_on == AS_OF - dt.timedelta(days=400) and old.trades_6m == 0 and not old.has_activity


def test_a_processing_restricted_client_is_profiled_for_compliance_only(people):
    from securities_crm.doctype.client.model import Client

    c = people["clients"]
    Client.objects.filter(pk=c[3].pk).update(processing_restricted=True, risk_level="C4", investor_type="Ordinary")
    feed("trades", [buy("ACC03", 100, 6000, day(10))])
    feed("positions", [position("ACC03", 700, 0)])
    jobs.run(AS_OF)
    p = profile(c[3])
    assert p.compliance_only and not p.has_activity
    assert p.aum == 0 and p.trades_6m == 0 and p.last_trade_on is None and p.style_tag == "" and p.rfm_cell == ""
    assert p.risk_level == "C4" and p.investor_type == "Ordinary"


def _snapshot():
    skip = {"computed_at", "modified", "creation", "modified_by", "owner"}
    fields = [f.attname for f in ClientProfile._meta.concrete_fields if f.attname not in skip]
    return {row["name"]: row for row in ClientProfile.objects.values(*fields)}


def _history(people):
    feed(
        "trades",
        [buy(f"ACC{i:02d}", 10 * i, 100 * i, day(i * 7), fee=i % 4) for i in range(1, 12)]
        + [sell(f"ACC{i:02d}", 5 * i, 60 * i, day(i * 3)) for i in range(1, 12, 2)],
    )
    feed("positions", [position(f"ACC{i:02d}", 100 * i, i % 3) for i in range(1, 10)])
    feed("login_events", [{"account": f"ACC{i:02d}", "login_time": day(i), "channel": "app"} for i in range(2, 9)])


# 3: ranges of four clients; 20: more partitions than clients, so some ranges are empty
@pytest.mark.parametrize("parts", [3, 20])
def test_the_partitioned_job_equals_a_one_shot_run_and_reruns_change_nothing(people, parts):
    _history(people)
    jobs.run(AS_OF, parts=1)
    one_shot = _snapshot()
    assert len(one_shot) == 12
    ClientProfile.objects.all().delete()
    cuts = jobs.bounds(parts)
    assert len(cuts) == parts - 1 and cuts == sorted(cuts)
    jobs.run(AS_OF, parts=parts)
    assert _snapshot() == one_shot
    stamps = dict(ClientProfile.objects.values_list("name", "modified"))
    assert jobs.run(AS_OF, parts=parts) == {"profiles": 0, "rfm": 0}  # nothing differs: nothing written
    assert dict(ClientProfile.objects.values_list("name", "modified")) == stamps and _snapshot() == one_shot


def test_a_partitioned_run_over_some_clients_profiles_exactly_those(people, monkeypatch):
    from securities_crm.monitoring import data

    monkeypatch.setattr(data, "MANY_IDS", 0)  # on PostgreSQL, a list of ids is read as one array
    _history(people)
    jobs.run(AS_OF, parts=1)
    one_shot = _snapshot()
    ClientProfile.objects.all().delete()
    some = sorted(one_shot)[::2]
    jobs.run(AS_OF, parts=2, client_ids=some)
    got = _snapshot()
    assert sorted(got) == some
    rfm = {"rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_cell"}  # ranked among these clients only
    for name in some:
        assert {k: v for k, v in got[name].items() if k not in rfm} == {
            k: v for k, v in one_shot[name].items() if k not in rfm
        }


def test_an_ingestion_batch_refreshes_the_touched_clients_activity(people, settings):
    c = people["clients"]
    jobs.run(AS_OF)
    assert profile(c[4]).trades_1m == 0
    today = dt.date.today()
    # refresh_clients is what the after_ingest handler's job runs; called here for a fixed date
    feed("trades", [buy("ACC04", 1, 100, f"{today - dt.timedelta(days=1)} 10:00:00")])
    assert jobs.refresh_clients([c[4].pk], as_of=today) == 1
    p = profile(c[4])
    assert p.trades_1m == 1 and p.days_since_trade == 1 and p.has_activity
    assert p.as_of == AS_OF and p.rfm_cell == ""  # the rest waits for the night


def test_after_ingest_queues_the_refresh_of_the_batchs_clients(people, django_capture_on_commit_callbacks):
    import django_rq

    queue = django_rq.get_queue("default")
    queue.empty()
    with django_capture_on_commit_callbacks(execute=True):
        feed("trades", [buy("ACC05", 1, 100, day(1))])
    queued = [j for j in queue.jobs if j.func_name == "securities_crm.profiling.jobs.refresh_accounts"]
    assert (["ACC05"],) in [j.args for j in queued]  # (other test runs may share the Redis database)
    queue.empty()


# --- who may read and write ---------------------------------------------------------------------
def test_no_route_writes_a_profile_and_a_client_manager_reads_only_their_own(client, people, make_user, branch):
    c = people["clients"]
    jobs.run(AS_OF)
    admin = make_user("prof_admin", roles=["System Manager"], branch=branch)
    client.force_login(admin)
    name = profile(c[1]).pk
    url = "/api/resource/Client Profile"
    r = client.put(f"{url}/{name}", {"aum": "1"}, content_type="application/json")
    assert r.status_code == 403
    r = client.post(url, {"client": c[1].pk, "as_of": "2026-06-30"}, content_type="application/json")
    assert r.status_code == 403
    r = client.post(
        "/api/method/frappe.client.set_value",
        {"doctype": "Client Profile", "name": name, "fieldname": "aum", "value": "1"},
        content_type="application/json",
    )
    assert r.status_code == 403
    assert client.delete(f"{url}/{name}").status_code == 403
    assert profile(c[1]).aum == 0 and ClientProfile.objects.count() == 12

    client.force_login(people["cm_a"])
    rows = client.get(url, {"limit_page_length": 100}).json()["data"]
    assert sorted(r["name"] for r in rows) == sorted(c[i].pk for i in range(1, 7))
    assert client.get(f"{url}/{c[8].pk}").status_code == 404
    assert client.get(f"{url}/{c[2].pk}").status_code == 200


def test_the_desk_shows_profiles_read_only(client, people, make_user, branch):
    jobs.run(AS_OF)
    client.force_login(people["cm_a"])
    pk = people["clients"][1].pk
    assert client.get("/app/securities_crm/clientprofile/").status_code == 200
    page = client.get(f"/app/securities_crm/clientprofile/{pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get("/app/securities_crm/clientprofile/add/").status_code == 403


def test_store_upsert_is_idempotent_on_its_own(people):
    jobs.run(AS_OF)
    assert store.upsert(store_rows(people)) == 0


def store_rows(people):
    import duckdb

    from securities_crm.profiling import compute, parameters, read

    params = parameters.load()
    ids = [c.pk for c in people["clients"].values()]
    with duckdb.connect() as con:
        return compute.compute(con, read.inputs(ids, AS_OF, params, read.market(AS_OF, params)), AS_OF, params)
