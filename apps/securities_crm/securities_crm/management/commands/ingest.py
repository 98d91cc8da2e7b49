"""manage.py ingest <kind> FILE: the API's ingestion engine from the command line.

    manage.py ingest trades trades.csv --source trading
    manage.py ingest fund_transfers flows.jsonl

CSV or JSON lines (by extension, or --format). Prints the counts and the rejects (all of them
with --all-rejects, else the first 20); they are kept on the Ingestion Batch either way.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from ...core import session
from ...ingest import engine, schema

STAGES = ["read", "validated", "written", "recorded"]


class Command(BaseCommand):
    help = "Ingest trading records of one kind (trades, fund_transfers, ...: see the choices) from a file."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=list(schema.kinds()))
        parser.add_argument("file")
        parser.add_argument("--source", default="")
        parser.add_argument("--format", choices=["csv", "jsonl", "json"], default=None)
        parser.add_argument("--user", default="Administrator", help="Recorded as the batch's owner.")
        parser.add_argument("--all-rejects", action="store_true")

    def handle(self, kind, file, source, format, user, all_rejects, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        fmt = format or {".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "json"}.get(path.suffix.lower(), "csv")
        quiet = options.get("verbosity", 1) == 0
        bar = tqdm(total=len(STAGES), desc=f"ingest {kind}", unit="step", disable=quiet)

        def progress(label, rows):
            bar.set_postfix_str(f"{label} {rows:,} rows")
            bar.update(1)

        try:
            with session.acting_as(user):
                result = engine.ingest(
                    kind,
                    path.read_bytes(),
                    fmt,
                    source=source,
                    user=user,
                    channel="command",
                    filename=path.name,
                    progress=progress,
                )
        except engine.IngestError as exc:
            raise CommandError(str(exc)) from None
        finally:
            bar.close()
        self.stdout.write(
            f"{result['batch']}: received {result['received']:,}, created {result['created']:,}, "
            f"duplicates {result['duplicates']:,}, rejected {result['rejected']:,}"
        )
        shown = result["rejects"] if all_rejects else result["rejects"][:20]
        for r in shown:
            self.stdout.write(f"  line {r['line']}: {r['field']} = {r['value']!r}: {r['reason']}")
        if len(shown) < len(result["rejects"]):
            self.stdout.write(
                f"  ... {len(result['rejects']) - len(shown):,} more (--all-rejects, or the batch in the desk)"
            )
