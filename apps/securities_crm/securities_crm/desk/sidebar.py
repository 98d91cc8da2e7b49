"""The desk's sidebar, built from the DocType registry: one group per module, only what the user may read."""
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..core import registry
from ..permissions import policy

MODULE_LABELS = {
    "Organisation": _("Organisation"), "Clients": _("Clients"), "Suitability": _("Suitability"),
    "Trading": _("Trading"), "Risk": _("Risk"), "Profiling": _("Profiling"), "Marketing": _("Marketing"),
    "Service": _("Service"), "Education": _("Education"), "Feedback": _("Feedback"),
    "Assistant": _("Assistant"), "Integration": _("Integration"), "Security": _("Security"), "Core": _("Core"),
}
MODULE_ICONS = {
    "Organisation": "apartment", "Clients": "groups", "Suitability": "balance", "Trading": "candlestick_chart",
    "Risk": "warning", "Profiling": "insights", "Marketing": "campaign", "Service": "support_agent",
    "Education": "school", "Feedback": "reviews", "Assistant": "smart_toy", "Integration": "sync_alt",
    "Security": "shield", "Core": "settings",
}


def navigation(request):
    user = request.user
    groups = [{
        "title": _("Home"),
        "items": [{"title": _("Dashboard"), "icon": "dashboard", "link": reverse("admin:index")}],
    }]
    by_module: dict[str, list] = {}
    for spec in registry.all_doctypes():
        model = spec.model
        if not policy.has_right(user, "read", model):
            continue
        try:
            link = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        by_module.setdefault(spec.module, []).append(
            {"title": model._meta.verbose_name_plural, "icon": MODULE_ICONS.get(spec.module, "description"),
             "link": link}
        )
    for module in registry.MODULES:
        if module in by_module:
            groups.append({"title": MODULE_LABELS.get(module, module), "collapsible": True,
                           "items": by_module[module]})
    if user.is_superuser or policy.user_roles(user) & {"System Manager"}:
        groups.append({
            "title": _("Administration"), "collapsible": True,
            "items": [
                {"title": _("Users"), "icon": "person", "link": reverse("admin:auth_user_changelist")},
                {"title": _("Roles"), "icon": "badge", "link": reverse("admin:auth_group_changelist")},
                {"title": _("Background Jobs"), "icon": "schedule", "link": reverse("admin:django_rq_home")},
            ],
        })
    return groups


def environment_label(request):
    return [_("Demo"), "warning"] if settings.DEMO else None
