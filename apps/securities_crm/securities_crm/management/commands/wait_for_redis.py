import time

import django_rq
from django.core.management.base import BaseCommand, CommandError
from redis.exceptions import ConnectionError


class Command(BaseCommand):
    help = "Wait until Redis answers (the Procfile starts the worker and cron alongside Redis itself)."

    def add_arguments(self, parser):
        parser.add_argument("--timeout", type=float, default=30)

    def handle(self, *args, timeout, **options):
        conn = django_rq.get_connection("default")
        deadline = time.monotonic() + timeout
        while True:
            try:
                conn.ping()
                return
            except ConnectionError:
                if time.monotonic() > deadline:
                    raise CommandError("Redis did not answer in time.")
                time.sleep(0.2)
