"""Evidence as reviewers read it: each row an alert or report rests on, as a link to its record.

Alerts, and the AML reports drafted from them, keep their evidence as [{"doctype", "name"}, ...];
this renders that list the same way on every form that shows it.
"""
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from ..core import registry


def evidence_links(items) -> str:
    rows = []
    for item in items or []:
        spec = registry.get(item.get("doctype", ""))
        try:
            url = reverse(f"admin:securities_crm_{spec.model._meta.model_name}_change", args=[item["name"]])
        except (NoReverseMatch, AttributeError, KeyError):
            url = "#"
        label = spec.model._meta.verbose_name if spec else item.get("doctype")
        rows.append((url, label, item.get("name")))
    if not rows:
        return "-"
    return format_html('<ul class="crm-evidence">{}</ul>',
                       format_html_join("", '<li><a href="{}">{} {}</a></li>', rows))
