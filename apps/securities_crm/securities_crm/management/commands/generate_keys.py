from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from ...doctype.api_key.model import ApiKey


class Command(BaseCommand):
    help = "Generate an API key for a user and print api_key:api_secret (the secret is not stored)."

    def add_arguments(self, parser):
        parser.add_argument("user", help="username")
        parser.add_argument("--description", default="", help="what the key is for")

    def handle(self, user, description, **options):
        found = get_user_model()._default_manager.filter(username=user).first()
        if found is None:
            raise CommandError(f"No user {user!r}.")
        key, secret = ApiKey.generate(found, description or "manage.py generate_keys")
        self.stdout.write(f"{key.api_key}:{secret}")
