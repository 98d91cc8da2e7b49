"""Login Event (登录记录): a client's login to a trading channel. Immutable once ingested."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from ...core.document import doctype
from ..shared.trading import TRADING_SPEC, Channel, TradingRecord


@doctype(
    "Login Event",
    title_field="external_id",
    search_fields=("external_id", "account__account_number"),
    **TRADING_SPEC,
    rights={"Compliance Officer": "r", "Risk Officer": "r", "Integration": "c"},
)
class LoginEvent(TradingRecord):
    login_time = models.DateTimeField(_("Login Time"))
    ip_address = models.GenericIPAddressField(_("IP Address"), null=True, blank=True)
    device = models.CharField(_("Device"), max_length=140, blank=True)
    channel = models.CharField(_("Channel"), max_length=20, choices=Channel.choices, blank=True)

    class Meta(TradingRecord.Meta):
        verbose_name = _("Login Event")
        verbose_name_plural = _("Login Events")
        ordering = ["-login_time"]
        constraints = [models.UniqueConstraint(fields=["source", "external_id"], name="login_event_source_external_id")]
        indexes = [models.Index(fields=["client", "login_time"], name="login_event_client_time")]
