"""The desk's sidebar, built from the DocType registry: one group per module, only what the user may read."""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from ..core import registry
from ..notifications import unread_count
from ..permissions import policy
from .jobs import may_manage_jobs

MODULE_LABELS = {
    "Organisation": _("Organisation"),
    "Clients": _("Clients"),
    "Suitability": _("Suitability"),
    "Trading": _("Trading"),
    "Risk": _("Risk"),
    "Profiling": _("Profiling"),
    "Marketing": _("Marketing"),
    "Service": _("Service"),
    "Education": _("Education"),
    "Feedback": _("Feedback"),
    "Assistant": _("Assistant"),
    "Integration": _("Integration"),
    "Security": _("Security"),
    "Core": _("Core"),
}
MODULE_ICONS = {
    "Organisation": "apartment",
    "Clients": "groups",
    "Suitability": "balance",
    "Trading": "candlestick_chart",
    "Risk": "warning",
    "Profiling": "insights",
    "Marketing": "campaign",
    "Service": "support_agent",
    "Education": "school",
    "Feedback": "reviews",
    "Assistant": "smart_toy",
    "Integration": "sync_alt",
    "Security": "shield",
    "Core": "settings",
}
# An icon per DocType where one says more than the module's; the rest use their module's icon.
DOCTYPE_ICONS = {
    "Branch": "apartment",
    "Staff Profile": "badge",
    "Client": "person",
    "Client Contact": "contact_phone",
    "Securities Account": "account_balance_wallet",
    "Consent Record": "verified_user",
    "Client Interaction": "forum",
    "Risk Questionnaire": "quiz",
    "Risk Assessment": "assignment",
    "Product": "inventory_2",
    "Suitability Record": "fact_check",
    "Professional Investor Application": "workspace_premium",
    "Instrument": "show_chart",
    "Trade": "swap_horiz",
    "Order": "receipt_long",
    "Fund Transfer": "payments",
    "Position": "pie_chart",
    "Login Event": "login",
    "Monitoring Rule": "rule",
    "Risk Alert": "notification_important",
    "Risk Case": "folder_open",
    "AML Report": "gavel",
    "AML Settings": "tune",
    "Service Offering": "storefront",
    "Ingestion Batch": "upload_file",
    "Audit Log": "history",
    "Data Subject Request": "privacy_tip",
    "Service Ticket": "support_agent",
    "Service Ticket Message": "chat",
    "SLA Policy": "timer",
    "Ticket Category": "category",
    "Service Team": "groups",
    "Assignment Rule": "alt_route",
    "Saved Reply": "quickreply",
    "Complaint": "report",
    "Care Rule": "rule_settings",
    "Care Task": "volunteer_activism",
    "Improvement Action": "trending_up",
}
INBOX = "Notification Log"  # shown under Home, with the unread count
# Desk pages beyond the DocType lists: (module, title, icon, URL name, the DocType whose read right shows it)
PAGES = [
    (
        "Suitability",
        _("Suitability Report"),
        "analytics",
        "admin:securities_crm_suitabilityrecord_report",
        "Suitability Record",
    ),
    (
        "Education",
        _("Education Statistics"),
        "bar_chart",
        "admin:securities_crm_contentread_statistics",
        "Content Read",
    ),
    (
        "Feedback",
        _("Satisfaction Dashboard"),
        "insights",
        "admin:securities_crm_improvementaction_satisfaction",
        "Survey Response",
    ),
]


def navigation(request):
    user = request.user
    home = [{"title": _("Dashboard"), "icon": "dashboard", "link": reverse("admin:index")}]
    inbox = registry.get(INBOX)
    if inbox is not None and policy.has_right(user, "read", inbox.model):
        item = {
            "title": _("Notifications"),
            "icon": "notifications",
            "link": reverse("admin:securities_crm_notificationlog_changelist"),
        }
        unread = unread_count(user)
        if unread:  # Unfold shows any badge it is given, so give none when all is read
            item.update(badge=str(unread), badge_variant="primary", badge_style="solid")
        home.append(item)
    groups = [{"title": _("Home"), "items": home}]
    by_module: dict[str, list] = {}
    for spec in registry.all_doctypes():
        model = spec.model
        if spec.name == INBOX or not policy.has_right(user, "read", model):
            continue
        try:
            link = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        except NoReverseMatch:
            continue
        by_module.setdefault(spec.module, []).append(
            {
                "title": model._meta.verbose_name_plural,
                "icon": DOCTYPE_ICONS.get(spec.name, MODULE_ICONS.get(spec.module, "description")),
                "link": link,
            }
        )
    for module, title, icon, url_name, doctype_name in PAGES:
        spec = registry.get(doctype_name)
        if spec is not None and policy.has_right(user, "read", spec.model):
            by_module.setdefault(module, []).append({"title": title, "icon": icon, "link": reverse(url_name)})
    for module in registry.MODULES:
        if module in by_module:
            groups.append({"title": MODULE_LABELS.get(module, module), "collapsible": True, "items": by_module[module]})
    admin_items = []
    # Users and roles are Django's auth models: shown to whoever holds Django's rights on them.
    if user.has_perm("auth.view_user"):
        admin_items.append({"title": _("Users"), "icon": "person", "link": reverse("admin:auth_user_changelist")})
    if user.has_perm("auth.view_group"):
        admin_items.append({"title": _("Roles"), "icon": "badge", "link": reverse("admin:auth_group_changelist")})
    if may_manage_jobs(user):
        admin_items.append({"title": _("Background Jobs"), "icon": "schedule", "link": reverse("admin:django_rq_home")})
        admin_items.append({"title": _("API Documentation"), "icon": "api", "link": reverse("api_docs")})
    if admin_items:
        groups.append({"title": _("Administration"), "collapsible": True, "items": admin_items})
    return groups


def environment_label(request):
    return [_("Demo"), "warning"] if settings.DEMO else None
