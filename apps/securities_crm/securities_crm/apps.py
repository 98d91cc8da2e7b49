from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecuritiesCrmConfig(AppConfig):
    name = "securities_crm"
    verbose_name = _("Securities CRM")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .core import registry
        from .permissions import policy, rights

        registry.build()
        rights.connect_signals()
        policy.register_rules()
        from .api import auth_cache

        auth_cache.connect_signals()  # API keys' cached auth goes stale on any user, role or key change
