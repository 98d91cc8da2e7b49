"""A default desk for any DocType that has no desk.py of its own, built from its fields."""

from django.contrib import admin
from django.db import models
from django.utils.translation import pgettext_lazy

from ..core import registry
from .base import DocTypeAdmin
from .labels import translated_column


def _bilingual(model, name: str) -> bool:
    """A `<x>_zh` / `<x>_en` pair with an `<x>` property that picks the reader's language."""
    base = name[:-3]
    names = {f.name for f in model._meta.concrete_fields}
    return name[-3:] in ("_zh", "_en") and {base + "_zh", base + "_en"} <= names and hasattr(model, base)


def _columns(model, fields) -> list:
    """A list's columns: a bilingual pair as one column in the reader's language, not both side by side."""
    columns = []
    for f in fields:
        if isinstance(f, models.TextField) or (_bilingual(model, f.name) and f.name.endswith("_en")):
            continue
        if getattr(f, "shown_translated", False):
            columns.append(translated_column(model, f.name))
            continue
        if _bilingual(model, f.name):

            @admin.display(description=pgettext_lazy("bilingual column", "Text"))
            def shown(obj, base=f.name[:-3]):
                return getattr(obj, base)

            columns.append(shown)
        else:
            columns.append(f.name)
    return columns


def default_admin(model):
    fields = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    shown = ["name"] + _columns(model, fields)[:5] + ["modified"]
    filters = [f.name for f in fields if f.choices or isinstance(f, (models.BooleanField, models.ForeignKey))][:4]
    search = list(model.doctype.search_fields) or ["name"]
    return type(
        f"{model.__name__}Desk",
        (DocTypeAdmin,),
        {
            "list_display": shown,
            "list_filter": filters,
            "search_fields": search,
        },
    )


def register_missing(site=admin.site):
    for spec in registry.all_doctypes():
        if spec.model not in site._registry:
            site.register(spec.model, default_admin(spec.model))
