import os
import signal

from django.conf import settings
from django.core.management.base import BaseCommand

from ...core import embedded_redis


class Command(BaseCommand):
    help = "Run the embedded redis-server in the foreground (the Procfile's `redis` process)."

    def handle(self, *args, **options):
        if not embedded_redis.is_embedded():
            self.stdout.write("Using the Redis at REDIS_URL; no embedded server needed.")
            signal.pause()  # stay up so honcho keeps the other processes running
            return
        if embedded_redis.is_running():
            self.stdout.write(f"An embedded Redis already answers at {settings.EMBEDDED_REDIS_SOCKET}.")
            signal.pause()
            return
        embedded_redis.socket_path().unlink(missing_ok=True)
        cmd = embedded_redis.command()
        os.execv(cmd[0], cmd)  # honcho's SIGTERM then stops redis-server itself
