"""Django's admin autodiscovery lands here: load every DocType's desk.py, then give the rest a default desk."""
import importlib
import pkgutil

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from unfold.admin import ModelAdmin
from unfold.forms import AdminPasswordChangeForm, UserChangeForm, UserCreationForm

from . import doctype
from .desk.generic import register_missing

for _module in sorted(m.name for m in pkgutil.iter_modules(doctype.__path__)):
    try:
        importlib.import_module(f"{doctype.__name__}.{_module}.desk")
    except ModuleNotFoundError as exc:
        if exc.name != f"{doctype.__name__}.{_module}.desk":
            raise

register_missing()

# Background Jobs: django-rq's pages, for System Managers only.
from .desk import jobs  # noqa: E402

jobs.register()

# Users and roles, in the desk's look.
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class UserDesk(UserAdmin, ModelAdmin):
    form = UserChangeForm
    add_form = UserCreationForm
    change_password_form = AdminPasswordChangeForm


@admin.register(Group)
class RoleDesk(GroupAdmin, ModelAdmin):
    pass
