"""After migrate, the roles and their rights are synced from fixtures/roles.json (found by autodiscover)."""

from django.apps import apps as global_apps
from django.contrib.auth.management import create_permissions
from django.db.models.signals import post_migrate
from django.dispatch import receiver

from .rights import sync_roles


@receiver(post_migrate, dispatch_uid="securities_crm.sync_roles")
def _after_migrate(sender, **kwargs):
    if sender.name == "securities_crm":
        # Our app comes first in INSTALLED_APPS, so our handler runs before auth's: make the
        # default permissions (and content types) now rather than rely on handler order.
        for config in (sender, global_apps.get_app_config("auth")):  # auth's too: AUTH_MODELS
            create_permissions(
                config, verbosity=0, using=kwargs.get("using", "default"), apps=kwargs.get("apps") or global_apps
            )
        sync_roles()
