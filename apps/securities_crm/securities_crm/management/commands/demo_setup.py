import os
import secrets

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from ...demo.organisation import DEMO_LOGINS


class Command(BaseCommand):
    help = "Prepare the demo site: roles, demo data (once), and print the URLs and logins."

    def add_arguments(self, parser):
        parser.add_argument("--clients", type=int, default=int(os.environ.get("DEMO_CLIENTS", 2000)))

    def handle(self, *args, clients, **options):
        password = os.environ.get("DEMO_PASSWORD") or self._stored_password()
        call_command("sync_roles", verbosity=0)
        call_command("demo_data", clients=clients, password=password, verbosity=1)
        port = os.environ.get("PORT", "8000")
        logins = (
            [("admin", "System Manager")] + [(u, r) for r, u in DEMO_LOGINS.items()] + [("client", "Client (portal)")]
        )
        self.stdout.write(self.style.SUCCESS("\nSecurities CRM demo"))
        self.stdout.write(f"  desk:   http://127.0.0.1:{port}/app/")
        self.stdout.write(f"  portal: http://127.0.0.1:{port}/portal/")
        self.stdout.write(f"  api:    http://127.0.0.1:{port}/api/method/ping")
        self.stdout.write("  logins (all share one password):")
        for user, role in logins:
            self.stdout.write(f"    {user:<16} {role}")
        self.stdout.write(f"  password: {password}\n")

    def _stored_password(self) -> str:
        """A random password made on the first run and kept under sites/var/, so it stays the same."""
        path = settings.VAR_DIR / "demo_password"
        if not path.exists():
            path.write_text(secrets.token_urlsafe(9))
            path.chmod(0o600)
        return path.read_text().strip()
