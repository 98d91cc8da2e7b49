"""API keys, as Frappe's api_key/api_secret pair, but one user may hold several and revoke each.

Only a SHA-256 hash of the secret is stored. The secret is 32 random bytes, so a plain hash
is as strong as a slow password hash here, and it keeps token checks cheap on every request.
The secret is shown once, when the key is generated (desk action or `manage.py generate_keys`).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _t
from django.utils.translation import gettext_lazy as _

from ...core.document import Document, doctype


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@doctype(
    "API Key",
    module="Integration",
    naming="field:api_key",
    title_field="description",
    user_path="user",
    search_fields=("api_key", "description"),
    set_only_once=("user",),
)
class ApiKey(Document):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("User"), on_delete=models.CASCADE, related_name="api_keys"
    )
    api_key = models.CharField(_("API Key"), max_length=40, unique=True, editable=False)
    secret_hash = models.CharField(_("Secret Hash"), max_length=64, editable=False)
    description = models.CharField(_("Description"), max_length=140, blank=True)
    enabled = models.BooleanField(_("Enabled"), default=True)
    revoked_at = models.DateTimeField(_("Revoked At"), null=True, blank=True, editable=False)

    api_exclude = ("secret_hash",)  # never served by the REST API

    class Meta(Document.Meta):
        verbose_name = _("API Key")
        verbose_name_plural = _("API Keys")

    @classmethod
    def generate(cls, user, description: str = "") -> tuple[ApiKey, str]:
        """Make a new key for `user`; returns (key, secret). The secret is not stored."""
        secret = secrets.token_hex(16)
        key = cls(user=user, api_key=secrets.token_hex(8), secret_hash=hash_secret(secret), description=description)
        key.save()
        return key, secret

    def save(self, *args, **kwargs):
        # Checked on save, not in validate(): the desk's add form validates before it calls generate().
        if self.is_new and not (self.api_key and self.secret_hash):
            raise ValidationError(
                _t(
                    "A key is made by generate(): the desk's action or manage.py generate_keys, "
                    "which show its secret once."
                )
            )
        super().save(*args, **kwargs)

    def check_secret(self, secret: str) -> bool:
        return hmac.compare_digest(self.secret_hash, hash_secret(secret))

    def revoke(self):
        self.enabled = False
        self.revoked_at = timezone.now()
        self.save()
