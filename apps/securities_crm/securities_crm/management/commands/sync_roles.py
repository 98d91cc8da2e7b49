from django.core.management.base import BaseCommand

from ...permissions.rights import sync_roles


class Command(BaseCommand):
    help = "Create the roles and set their rights from fixtures/roles.json (also runs after migrate)."

    def handle(self, *args, verbosity, **options):
        sync_roles(verbosity=verbosity)
