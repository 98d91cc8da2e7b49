from django.core.management.base import BaseCommand

from ... import demo


class Command(BaseCommand):
    help = "Generate demo data, deterministic from --seed. Existing rows are kept, so it can run again."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=2000)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--password", default="", help="password for the demo users it creates")

    def handle(self, *args, clients, seed, password, verbosity, **options):
        ctx = demo.Context(seed=seed, clients=clients, password=password or None, quiet=verbosity == 0)
        for _, name, fn in demo.load_steps():
            if verbosity:
                self.stdout.write(f"· {name}")
            fn(ctx)
