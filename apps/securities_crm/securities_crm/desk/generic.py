"""A default desk for any DocType that has no desk.py of its own, built from its fields."""

from django.contrib import admin
from django.db import models

from ..core import registry
from .base import DocTypeAdmin


def default_admin(model):
    fields = [f for f in model._meta.concrete_fields if f.editable and not f.primary_key]
    shown = ["name"] + [f.name for f in fields if not isinstance(f, models.TextField)][:5] + ["modified"]
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
