"""The roles. A role is a Django group; its name is the key, shown translated."""

from django.utils.translation import gettext_lazy as _

SYSTEM_MANAGER = "System Manager"
BRANCH_MANAGER = "Branch Manager"
CLIENT_MANAGER = "Client Manager"
ADVISOR = "Advisor"
COMPLIANCE_OFFICER = "Compliance Officer"
RISK_OFFICER = "Risk Officer"
SERVICE_AGENT = "Service Agent"
MARKETING = "Marketing"
CLIENT = "Client"
INTEGRATION = "Integration"  # other systems: an API key's user that ingests trading data

LABELS = {
    SYSTEM_MANAGER: _("System Manager"),
    BRANCH_MANAGER: _("Branch Manager"),
    CLIENT_MANAGER: _("Client Manager"),
    ADVISOR: _("Advisor"),
    COMPLIANCE_OFFICER: _("Compliance Officer"),
    RISK_OFFICER: _("Risk Officer"),
    SERVICE_AGENT: _("Service Agent"),
    MARKETING: _("Marketing"),
    CLIENT: _("Client"),
    INTEGRATION: _("Integration"),
}
ALL = list(LABELS)
STAFF = [r for r in ALL if r not in (CLIENT, INTEGRATION)]


def user_roles(user) -> set[str]:
    """The user's role names, cached on the user object for the request."""
    if not user or not user.is_authenticated:
        return set()
    cached = getattr(user, "_crm_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        if user.is_superuser:
            cached.add(SYSTEM_MANAGER)
        user._crm_roles = cached
    return cached
