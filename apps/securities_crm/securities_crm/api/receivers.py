"""API keys' cached authentication goes stale on any change of a user, role, right, profile or key
(found by autodiscover)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_delete, post_save

from ..doctype.api_key.model import ApiKey
from ..doctype.staff_profile.model import StaffProfile
from .auth_cache import bump

User = get_user_model()
for model in (User, Group, Permission, StaffProfile, ApiKey):
    post_save.connect(bump, sender=model, dispatch_uid=f"api-auth-save-{model.__name__}")
    post_delete.connect(bump, sender=model, dispatch_uid=f"api-auth-delete-{model.__name__}")
for through in (
    User.groups.through,
    User.user_permissions.through,
    Group.permissions.through,
    StaffProfile.roles.through,
):
    m2m_changed.connect(bump, sender=through, dispatch_uid=f"api-auth-m2m-{through.__name__}")
