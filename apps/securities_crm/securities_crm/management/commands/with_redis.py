from django.core.management import call_command
from django.core.management.base import BaseCommand

from ...core import embedded_redis


class Command(BaseCommand):
    help = "Run another manage.py command with Redis available (starting the embedded one if needed)."

    def add_arguments(self, parser):
        parser.add_argument("command")
        parser.add_argument("args", nargs="*")

    def run_from_argv(self, argv):
        # Hand everything after our own name to the inner command untouched.
        self.execute_inner(argv[2], argv[3:])

    def execute_inner(self, name, args):
        from django.core.management import ManagementUtility

        with embedded_redis.ensure_running():
            ManagementUtility(["manage.py", name, *args]).execute()

    def handle(self, *args, **options):
        with embedded_redis.ensure_running():
            call_command(options["command"], *options["args"])
