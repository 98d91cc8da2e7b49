from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ...desk.base import DocTypeAdmin
from .model import ClientProfile


@admin.register(ClientProfile)
class ClientProfileDesk(DocTypeAdmin):
    """Profiles are computed (system only): a list to find clients by their numbers, and a read-only form
    grouped as the issue groups the metrics."""

    list_display = (
        "client",
        "as_of",
        "aum",
        "avg_aum_6m",
        "trade_days_3m",
        "days_since_trade",
        "turnover_6m",
        "style_tag",
        "rfm_cell",
        "has_activity",
    )
    list_select_related = ("client",)
    list_filter = ("style_tag", "rfm_cell", "follower_style", "has_activity", "compliance_only", "risk_level")
    search_fields = ("=name", "client__client_name")
    fieldsets = (
        (
            _("Profile"),
            {"fields": ("client", "as_of", "computed_at", "has_activity", "compliance_only"), "classes": ["tab"]},
        ),
        (
            _("Assets"),
            {
                "fields": (
                    "aum",
                    "avg_aum_3m",
                    "avg_aum_6m",
                    "avg_aum_12m",
                    "peak_aum_12m",
                    "aum_3m_ago",
                    "aum_change_3m",
                    "net_inflow_1m",
                    "net_inflow_3m",
                    "net_inflow_12m",
                    "ever_funded",
                ),
                "classes": ["tab"],
            },
        ),
        (
            _("Activity"),
            {
                "fields": (
                    "trades_1m",
                    "trades_3m",
                    "trades_6m",
                    "trade_days_1m",
                    "trade_days_3m",
                    "trade_days_6m",
                    "traded_amount_6m",
                    "fees_12m",
                    "last_trade_on",
                    "days_since_trade",
                    "last_login_on",
                    "days_since_login",
                ),
                "classes": ["tab"],
            },
        ),
        (
            _("Style"),
            {
                "fields": ("turnover_6m", "style_tag", "holding_days", "follower_share", "follower_style"),
                "classes": ["tab"],
            },
        ),
        (
            _("Preferences"),
            {"fields": ("top_markets", "top_instrument_types", "top_industries", "channel_mix"), "classes": ["tab"]},
        ),
        ("RFM", {"fields": ("rfm_recency", "rfm_frequency", "rfm_monetary", "rfm_cell"), "classes": ["tab"]}),
        (_("Suitability"), {"fields": ("risk_level", "investor_type", "assessment_valid_until"), "classes": ["tab"]}),
    )
