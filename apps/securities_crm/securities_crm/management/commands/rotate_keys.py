"""Rotate the field-encryption key: add a key, make it active, re-encrypt every encrypted value.

Reads keep working throughout: old keys stay in the ring, every value names the key it was
sealed with, and processes that meet a key id they do not know re-read a file-based ring.

Demo and development (ring in sites/var/field_keys.json):

    manage.py rotate_keys

Production (ring in the CRM_FIELD_KEYS environment variable), in two deployments so that no
process ever meets a key it lacks:

    manage.py rotate_keys --stage --output ring.json      # add k2, k1 still active; deploy ring.json
    manage.py rotate_keys --output ring.json              # activate k2 and re-encrypt; deploy ring.json

Re-running is safe: it re-encrypts everything again with the active key. Rows are processed
in chunks, each locked and rewritten in its own transaction, so a concurrent edit is never
overwritten by a stale value.
"""

from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from ...core import keys
from ...core.fields import sensitive_fields
from ...doctype.audit_log import audit


def encrypted_models():
    """Every model (history tables included) with encrypted fields, and those fields."""
    out = []
    for model in apps.get_app_config("securities_crm").get_models():
        fields = [f.name for f in sensitive_fields(model)]
        if fields:
            out.append((model, fields))
    return out


def reencrypt(chunk: int = 1000, progress: bool = True) -> int:
    """Re-seal every encrypted value with the active key; return the number of rows rewritten."""
    work = encrypted_models()
    total = sum(m._base_manager.count() for m, _ in work)
    bar = tqdm(total=total, desc="re-encrypting", unit="rows", disable=not progress)
    done = 0
    for model, fields in work:
        pk = model._meta.pk.attname
        last = None
        while True:
            ids = model._base_manager.order_by(pk)
            if last is not None:
                ids = ids.filter(**{f"{pk}__gt": last})
            ids = list(ids.values_list(pk, flat=True)[:chunk])
            if not ids:
                break
            with transaction.atomic():
                rows = list(model._base_manager.select_for_update().filter(**{f"{pk}__in": ids}).only(pk, *fields))
                model._base_manager.bulk_update(rows, fields, batch_size=500)
            last = ids[-1]
            done += len(rows)
            bar.update(len(rows))
    bar.close()
    return done


class Command(BaseCommand):
    help = "Add a field-encryption key, make it active and re-encrypt every encrypted value with it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--stage",
            action="store_true",
            help="only add the new key (not active yet), for deploying it everywhere first",
        )
        parser.add_argument("--output", help="write the new ring here (required when the ring comes from the env)")
        parser.add_argument("--no-reencrypt", action="store_true", help="change the ring only")
        parser.add_argument("--chunk", type=int, default=1000)

    def handle(self, *args, stage, output, no_reencrypt, chunk, verbosity, **options):
        ring = keys.get_ring()
        ring_file = keys.ring_file()
        if ring_file is None and not output:
            raise CommandError(
                "The key ring comes from CRM_FIELD_KEYS: pass --output FILE for the new ring, "
                "then deploy it as CRM_FIELD_KEYS."
            )
        if stage:
            new = ring.with_new_key(activate=False)
        elif ring.newest() != ring.active:
            new = ring.activated(ring.newest())  # a key staged earlier
        else:
            new = ring.with_new_key()
        keys.install(new, write=ring_file is not None)
        if output:
            path = Path(output)
            path.write_text(new.to_json())
            path.chmod(0o600)
        where = output or ring_file
        if stage:
            self.stdout.write(f"Staged key {new.newest()} (active is still {new.active}); ring written to {where}.")
            audit.log(audit.KEY_ROTATION, detail=f"staged {new.newest()}")
            return
        self.stdout.write(f"Active key is now {new.active} (ring: {', '.join(new.keys)}); ring written to {where}.")
        rows = 0 if no_reencrypt else reencrypt(chunk, progress=verbosity > 0)
        audit.log(audit.KEY_ROTATION, detail=f"active {new.active}; {rows} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"{rows} rows re-encrypted with {new.active}."))
