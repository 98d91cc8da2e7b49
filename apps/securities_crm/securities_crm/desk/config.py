"""django-unfold settings. Kept free of model imports: settings.py reads it before apps load."""

from django.templatetags.static import static
from django.utils.translation import gettext_lazy as _

UNFOLD = {
    "SITE_TITLE": _("Securities CRM"),
    "SITE_HEADER": _("Securities CRM"),
    "SITE_SUBHEADER": _("Client management for securities brokers"),
    "SITE_URL": "/portal/",
    "SITE_SYMBOL": "monitoring",
    "SHOW_LANGUAGES": True,
    "STYLES": [
        lambda request: static("securities_crm/desk.css"),
        "securities_crm.desk.jobs.stylesheet",  # django-rq's pages get rq.css
    ],
    "SHOW_HISTORY": True,
    "SHOW_VIEW_ON_SITE": False,
    "ENVIRONMENT": "securities_crm.desk.sidebar.environment_label",
    "DASHBOARD_CALLBACK": "securities_crm.desk.dashboard.dashboard_callback",
    "COLORS": {
        "primary": {
            "50": "254 242 242",
            "100": "254 226 226",
            "200": "254 202 202",
            "300": "252 165 165",
            "400": "248 113 113",
            "500": "220 38 38",
            "600": "185 28 28",
            "700": "153 27 27",
            "800": "127 29 29",
            "900": "99 20 20",
            "950": "69 10 10",
        },
    },
    "SIDEBAR": {
        "show_search": True,
        "show_all_applications": False,
        "navigation": "securities_crm.desk.sidebar.navigation",
    },
}
