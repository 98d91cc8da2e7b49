"""Django's admin autodiscovery lands here: load every DocType's desk.py, then give the rest a default desk."""

import importlib

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext_lazy as _
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from .core.discovery import doctype_modules
from .desk.generic import register_missing
from .desk.labels import RoleFilter, label_roles, role_label

for _module in doctype_modules("desk"):
    importlib.import_module(_module)

register_missing()

# Background Jobs: django-rq's pages, for System Managers only.
from .desk import jobs  # noqa: E402

jobs.register()

# Users and roles, in the desk's look.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserDesk(UserAdmin, ModelAdmin):
    """System Managers manage staff accounts here (fixtures/roles.json grants them "User"), but only
    a superuser may make or touch a superuser, or hand out rights outside the roles: otherwise the
    role would be a path to unlimited power."""

    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm
    list_filter = ("is_staff", "is_superuser", "is_active", ("groups", RoleFilter))

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        field = super().formfield_for_manytomany(db_field, request, **kwargs)
        return label_roles(field) if db_field.name == "groups" else field

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if not request.user.is_superuser:
            fields = (*fields, "is_superuser", "user_permissions")
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)


@admin.register(Group)
class RoleDesk(GroupAdmin, ModelAdmin):
    list_display = ("role",)

    @admin.display(description=_("Role"), ordering="name")
    def role(self, obj):
        return role_label(obj.name)
