"""The profile jobs: the nightly run on RQ's `long` queue, cut into partitions of the clients, and the refresh of touched clients after an ingestion batch.

Nightly (`nightly`, scheduled in tasks/schedule.py): the clients are cut into partitions of equal
counts by ranges of their names (`bounds`), so that each partition reads its rows of every table as
one range of the table's (client, time) index, and N partitions read about what one does (a hash
partition, as monitoring's scan cuts its own, read each table whole per partition, or by a lookup per
client id). The market facts (snapshot calendar, most-traded names) and the bounds are read once and
handed to every partition job, so each partition computes exactly what a
one-shot run would for its clients; a last job (`finish`), queued to run after all the partitions,
scores RFM over every profile (quintiles rank each client against all) and then calls the
`after_profiles` handlers of hooks.py, where segments recompute. Every job is idempotent: rerunning
one writes only what changed. Each shows its progress in the desk (core.jobs.set_progress).

After ingestion (`after_ingest`, an app event of hooks.py): the touched clients' recency and activity
columns are recomputed on the `default` queue as of today; the rest waits for the night.
"""

from __future__ import annotations

import datetime as dt
import math

import duckdb
from django.conf import settings
from django.utils import timezone

from ..core import hooks
from ..core.jobs import enqueue, set_progress
from ..doctype.client.model import Client
from ..doctype.securities_account.model import SecuritiesAccount
from ..monitoring.data import KeyRange, Source, load
from . import compute, read, rfm, store
from .compute import ACTIVITY_COLUMNS, Market
from .parameters import Parameters
from .parameters import load as load_parameters

# Partitions bound a job's memory (a partition's year of rows is held as Arrow tables) and let several
# workers share the night; on one machine each costs its own reads (a partition's rows are spread over
# every page of the trading tables, so each partition scans them), and the partitioned run writes the
# RFM scores in a second pass. Peak memory at the benchmark's activity (bench/profile.py: a year of 10
# trades, 5 orders, 5 logins and 12 month-end positions per client): about 10.7 GB for a partition of a
# million clients. The setting CRM_PROFILE_CLIENTS_PER_PART trades one for the other.
CLIENTS_PER_PART = 250_000
# The doctypes whose rows change a client's recency or activity.
ACTIVITY_DOCTYPES = {"Trade", "Order", "Login Event", "Fund Transfer", "Position"}
RFM_INPUTS = ("has_activity", "compliance_only", "days_since_trade")


def default_as_of() -> dt.date:
    """The last complete business day: yesterday, in the site's time zone."""
    return timezone.localdate() - dt.timedelta(days=1)


def parts_for(clients: int) -> int:
    per_part = int(getattr(settings, "CRM_PROFILE_CLIENTS_PER_PART", CLIENTS_PER_PART))
    return max(1, math.ceil(clients / per_part))


def bounds(parts: int, client_ids=None) -> list[str]:
    """The names that cut the clients (of `client_ids`, or all) into `parts` ranges of about equal counts:
    parts - 1 names, each the first of its range (by the primary key's index: one OFFSET each)."""
    if client_ids is not None:
        ids = sorted(client_ids)
        return [ids[len(ids) * k // parts] for k in range(1, parts) if ids]
    n = Client.objects.count()
    names = Client.objects.order_by("name").values_list("name", flat=True)
    return [names[n * k // parts] for k in range(1, parts) if n]


def partition(part: int, parts: int, cuts: list[str], client_ids=None):
    """Partition `part`'s clients: a KeyRange between its cuts, or those of `client_ids` within it."""
    edges = [None, *cuts, None] if len(cuts) == parts - 1 else [None] * (parts + 1)
    keys = KeyRange(edges[part], edges[part + 1])
    if client_ids is None:
        return keys
    return [c for c in client_ids if (keys.low is None or c >= keys.low) and (keys.high is None or c < keys.high)]


def _market_args(market: Market) -> dict:
    return {"calendar": [d.isoformat() for d in market.calendar], "top_names": list(market.top_names)}


def _market_of(args: dict) -> Market:
    return Market([dt.date.fromisoformat(d) for d in args["calendar"]], list(args["top_names"]))


# --- the nightly run -------------------------------------------------------------------------------
def nightly(parts: int | None = None, as_of: str | None = None) -> int:
    """Queue the night's profile run: one job per partition on the long queue, then `finish`."""
    day = dt.date.fromisoformat(as_of) if as_of else default_as_of()
    parts = parts or parts_for(Client.objects.count())
    params = load_parameters()
    market = _market_args(read.market(day, params))
    cuts = bounds(parts)
    jobs = [
        enqueue(
            "securities_crm.profiling.jobs.profile_partition",
            part,
            parts,
            day.isoformat(),
            market,
            None,
            cuts,
            queue="long",
            job_id=f"profile-{day}-{part}-of-{parts}",
            job_timeout=6 * 3600,
        )
        for part in range(parts)
    ]
    enqueue(
        "securities_crm.profiling.jobs.finish",
        day.isoformat(),
        parts == 1,
        queue="long",
        job_id=f"profile-{day}-finish",
        depends_on=[j for j in jobs if j is not None],
        job_timeout=3600,
    )
    return parts


def profile_partition(part: int, parts: int, as_of: str, market: dict, client_ids=None, cuts=None) -> int:
    """Compute and write the profiles of one partition of the clients (of `client_ids`, or all), cut at
    `cuts` (see bounds; read here when not given)."""
    day = dt.date.fromisoformat(as_of)
    note = f"partition {part + 1}/{parts}"
    set_progress(0, 3, f"{note}: reading")
    # One partition of every client is the whole population: RFM is scored right here, in one write.
    whole = parts == 1 and client_ids is None
    clients = None
    if not whole:
        clients = partition(part, parts, cuts if cuts is not None else bounds(parts, client_ids), client_ids)
        if isinstance(clients, list) and not clients:
            set_progress(3, 3, note)
            return 0
    progress = lambda step: set_progress(step, 3, note)  # noqa: E731
    written = profile_clients(clients, day, _market_of(market), progress=progress, rank=whole)
    set_progress(3, 3, note)
    return written


def profile_clients(
    client_ids, as_of: dt.date, market: Market, params: Parameters | None = None, progress=None, rank=False
) -> int:
    """Read, compute and write the profiles of `client_ids` (None: every client; or a KeyRange) as of a
    date; with
    `rank` (client_ids None only), their RFM scores too."""
    params = params or load_parameters()
    inputs = read.inputs(client_ids, as_of, params, market)
    if progress:
        progress(1)
    update: tuple[str, ...] = compute.METRIC_COLUMNS
    with duckdb.connect() as con:
        rows = compute.compute(con, inputs, as_of, params)
        if rank:
            scores = rfm.score(con, rows.select(["client_id", *_rfm_measures(params)]), params)
            assert scores["client_id"].equals(rows["client_id"])  # both in client order
            for column in rfm.COLUMNS:
                rows = rows.append_column(column, scores[column])
            update = (*update, *rfm.COLUMNS)
    if progress:
        progress(2)
    return store.upsert(rows, update=update)


def _rfm_measures(params: Parameters) -> tuple[str, ...]:
    return (*RFM_INPUTS, params.rfm["frequency"], params.rfm["monetary"])


def finish(as_of: str, ranked: bool = False, params: Parameters | None = None) -> int:
    """After every partition: RFM over all profiles (unless the one partition `ranked` them already),
    then the after_profiles handlers (segments)."""
    params = params or load_parameters()
    if ranked:
        hooks.fire("after_profiles", None, dt.date.fromisoformat(as_of))
        return 0
    set_progress(0, 2, "RFM")
    measures = _rfm_measures(params)
    profiles = load(Source("Client Profile", measures)).rename_columns(["client_id", *measures])
    with duckdb.connect() as con:
        scores = rfm.score(con, profiles, params)
    written = store.write_rfm(scores)
    set_progress(1, 2, "segments")
    hooks.fire("after_profiles", None, dt.date.fromisoformat(as_of))
    set_progress(2, 2)
    return written


def run(as_of: dt.date | None = None, parts: int | None = None, client_ids=None) -> dict:
    """The whole nightly run in this process, partition after partition (tests, the benchmark and
    `manage.py`): the same functions the queued jobs call."""
    day = as_of or default_as_of()
    parts = parts or parts_for(Client.objects.count())
    market = _market_args(read.market(day, load_parameters()))
    cuts = bounds(parts, client_ids)
    written = sum(profile_partition(p, parts, day.isoformat(), market, client_ids, cuts) for p in range(parts))
    scored = finish(day.isoformat(), parts == 1 and client_ids is None)
    return {"profiles": written, "rfm": scored}


# --- after ingestion --------------------------------------------------------------------------------
def after_ingest(doctype: str, accounts) -> None:
    """The app event of a committed ingestion batch: queue the refresh of its clients."""
    if doctype in ACTIVITY_DOCTYPES and accounts:
        enqueue("securities_crm.profiling.jobs.refresh_accounts", sorted(accounts), queue="default")


def refresh_accounts(accounts, as_of: str | None = None) -> int:
    """The job after_ingest queues: the clients owning these accounts, refreshed."""
    clients = SecuritiesAccount.objects.filter(name__in=list(accounts)).values_list("client_id", flat=True)
    return refresh_clients(set(clients), dt.date.fromisoformat(as_of) if as_of else None)


def refresh_clients(client_ids, as_of: dt.date | None = None) -> int:
    """Recompute the recency and activity of these clients as of today (ACTIVITY_COLUMNS; a client
    without a profile yet gets a whole one), then call the after_profiles handlers for them."""
    client_ids = sorted(set(client_ids))
    if not client_ids:
        return 0
    day = as_of or timezone.localdate()
    params = load_parameters()
    inputs = read.inputs(client_ids, day, params, read.market(day, params))
    with duckdb.connect() as con:
        rows = compute.compute(con, inputs, day, params)
    written = store.upsert(rows, update=ACTIVITY_COLUMNS)
    hooks.fire("after_profiles", client_ids, day)
    return written
