"""Names the desk shows for things stored by key: roles (Django groups named "Advisor", ...) and
DocTypes (audit rows and notifications name them "AML Report", ...). The keys stay English in the
database, as Frappe keeps them; the reader sees the translated label."""

from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import pgettext_lazy

from ..core import fields, registry
from ..core.session import SYSTEM_USER  # Frappe's name for the system as a sender
from ..permissions.roles import LABELS

GUEST = "Guest"  # Frappe's name for whoever is not signed in


def role_label(name: str) -> str:
    label = LABELS.get(name)
    return str(label) if label is not None else name


def doctype_label(name: str) -> str:
    spec = registry.get(name) if name else None
    if spec is not None:
        return str(spec.model._meta.verbose_name)
    auth = {"User": User, "Group": Group}.get(name)  # the two Django models audit rows also name
    return str(auth._meta.verbose_name) if auth is not None else name


def user_label(name: str) -> str:
    """A user name as stored, but Frappe's two pseudo-users by what they mean."""
    if name == SYSTEM_USER:
        return str(pgettext_lazy("sender", "System"))
    if name == GUEST:
        return str(pgettext_lazy("user", "Guest"))
    return name


def field_label(doctype: str, field_name: str) -> str:
    """A field of a DocType by its label (证件号码, not id_number); a name it does not know as stored."""
    spec = registry.get(doctype) if doctype else None
    if spec is None or not field_name:
        return field_name
    try:
        return str(spec.model._meta.get_field(field_name).verbose_name)
    except FieldDoesNotExist:
        return field_name


def translated_column(model, field_name: str):
    """A list column for a KeyCharField: its key as the reader's words (core.fields.shown)."""
    field = model._meta.get_field(field_name)

    @admin.display(description=field.verbose_name, ordering=field_name)
    def column(obj):
        return fields.shown(field, getattr(obj, field_name))

    column.__name__ = f"{field_name}_shown"
    return column


class RoleFilter(admin.RelatedFieldListFilter):
    """A roles filter that lists the roles by their labels."""

    def field_choices(self, field, request, model_admin):
        return [(pk, role_label(name)) for pk, name in field.related_model.objects.values_list("pk", "name")]


def label_roles(form_field):
    """Make a roles picker (a ModelMultipleChoiceField of groups) show the roles' labels."""
    if form_field is not None:
        form_field.label_from_instance = lambda group: role_label(group.name)
    return form_field
