from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecuritiesCrmConfig(AppConfig):
    name = "securities_crm"
    verbose_name = _("Securities CRM")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The composition root: the one place that wires the app together, in this order. Imported here,
        # not at the top: Django imports apps.py before the app registry is ready for models.
        from .core import hooks, registry
        from .core.discovery import autodiscover
        from .permissions import policy

        registry.build()  # every model's DocType spec
        policy.register_rules()  # the record rules, for code that asks user.has_perm(perm, obj)
        hooks.load("securities_crm.hooks")  # which service handles which document event
        autodiscover("receivers")  # signal receivers (audit, role sync, API auth cache, lockout)
        autodiscover("rules")  # monitoring rule kinds (monitoring/rules/)
        autodiscover("tabs")  # the client 360 page's tabs (each DocType folder's tabs.py)
        autodiscover("timeline")  # the client 360 page's timeline sources (each DocType folder's timeline.py)
        autodiscover("figures")  # dashboard figures (desk/figures.py, each DocType folder's figures.py)
        autodiscover("education_record")  # sources of the investor-education record (education/record.py)
