"""Client Profile (客户画像): who each client is, as of a date, computed by the system only.

One row per client (named by the client's own name), rewritten in bulk by the nightly job in
profiling/ and refreshed for touched clients after an ingestion batch. No role writes it through any
route (system_only): the numbers are facts derived from trades, positions, fund transfers and logins,
and the segments read them. Reading follows the client's record rules, so a client manager sees the
profiles of their own clients only.

Amounts and counts of a client without any data are zeros with `has_activity` off; dates and
"days since" are empty where the thing never happened. A processing-restricted client (PIPL Art. 44,
a pending deletion or restriction request) gets a compliance-only profile: the suitability facts are
copied, because suitability checks must still block unsuitable sales, and every behavioural metric is
left at zero (see profiling/compute.py).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from ...core.document import BulkDocument, doctype
from ..client.model import InvestorType, RiskLevel


class StyleTag(models.TextChoices):
    """Trading style from 6-month asset turnover (thresholds are data: profiling parameters)."""

    HIGH_FREQUENCY = "High Frequency", _("High Frequency")  # 高频: turnover ≥ 40
    SHORT_TERM = "Short Term", _("Short-Term")  # 短线: 12 ≤ turnover < 40
    MEDIUM_TERM = "Medium Term", _("Medium-Term")  # 中线: 3 ≤ turnover < 12
    LONG_TERM = "Long Term", _("Long-Term")  # 长线: turnover < 3


class FollowerStyle(models.TextChoices):
    """Share of holdings in the market's most-traded names: > 60% follower, < 40% independent."""

    FOLLOWER = "Follower", _("Follower")
    INDEPENDENT = "Independent", _("Independent")
    MIXED = "Mixed", pgettext_lazy("follower style", "Mixed")


class RFMCell(models.TextChoices):
    """The eight named RFM cells (the mapping from scores is in profiling/rfm.py)."""

    IMPORTANT_VALUE = "Important Value", _("Important Value")  # 重要价值
    IMPORTANT_DEVELOPMENT = "Important Development", _("Important Development")  # 重要发展
    IMPORTANT_RETENTION = "Important Retention", _("Important Retention")  # 重要保持
    IMPORTANT_WINBACK = "Important Win-back", _("Important Win-back")  # 重要挽留
    GENERAL_VALUE = "General Value", _("General Value")  # 一般价值
    GENERAL_DEVELOPMENT = "General Development", _("General Development")  # 一般发展
    GENERAL_RETENTION = "General Retention", _("General Retention")  # 一般保持
    LOST = "Lost", _("Lost")  # 流失


def _money(label, help_text=""):
    return models.DecimalField(label, max_digits=20, decimal_places=2, default=0, help_text=help_text)


def _count(label, help_text=""):
    return models.PositiveIntegerField(label, default=0, help_text=help_text)


def _score(label):
    return models.PositiveSmallIntegerField(
        label,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(5)],
        help_text=_("Quintile score 1–5 among clients with activity; 0 without activity."),
    )


@doctype(
    "Client Profile",
    module="Profiling",
    naming="field:client_id",
    history=False,  # rewritten every night for every client: a history row each would double the work
    system_only=True,
    title_field="client",
    search_fields=("name", "client__client_name"),
    client_path="client",
    branch_path="client__branch",
    manager_path="client__client_manager",
    rights={
        "Branch Manager": "re",
        "Client Manager": "r",
        "Advisor": "r",
        "Compliance Officer": "re",
        "Risk Officer": "r",
        "Marketing": "re",
        "Service Agent": "r",
    },
)
class ClientProfile(BulkDocument):
    # No database constraint (as on Segment Membership): the job writes a million profiles a night, each
    # for a client it has just read, and a deferred check would lock every client's row at commit.
    client = models.OneToOneField(
        "securities_crm.Client",
        verbose_name=_("Client"),
        on_delete=models.CASCADE,
        related_name="profile",
        db_constraint=False,
    )
    # Every row is rewritten each night (BulkDocument: no index on the stamps, nor on any metric).
    as_of = models.DateField(_("As Of"), help_text=_("The business date the metrics are computed for."))
    computed_at = models.DateTimeField(_("Computed At"), null=True, blank=True)
    has_activity = models.BooleanField(
        _("Has Activity"),
        default=False,
        help_text=_("Off for a client with no trades, positions, transfers or logins."),
    )
    compliance_only = models.BooleanField(
        _("Compliance Only"),
        default=False,
        help_text=_("The client restricted processing: only the suitability facts are kept, no behavioural metrics."),
    )

    # assets
    aum = _money(_("AUM"), _("Market value of the latest position snapshot."))
    avg_aum_3m = _money(_("Average Daily AUM (3 Months)"))
    avg_aum_6m = _money(_("Average Daily AUM (6 Months)"), _("The tier ladder's measure."))
    avg_aum_12m = _money(_("Average Daily AUM (12 Months)"))
    peak_aum_12m = _money(_("Peak AUM (12 Months)"))
    aum_3m_ago = _money(_("AUM 3 Months Ago"))
    aum_change_3m = models.DecimalField(
        _("AUM Change (3 Months)"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("(AUM − AUM 3 months ago) ÷ AUM 3 months ago; empty when there were no assets then."),
    )
    net_inflow_1m = _money(_("Net Inflow (1 Month)"))
    net_inflow_3m = _money(_("Net Inflow (3 Months)"))
    net_inflow_12m = _money(_("Net Inflow (12 Months)"))
    ever_funded = models.BooleanField(
        _("Ever Funded"), default=False, help_text=_("Has ever transferred money in or held assets.")
    )

    # activity
    trades_1m = _count(_("Trades (1 Month)"))
    trades_3m = _count(_("Trades (3 Months)"))
    trades_6m = _count(_("Trades (6 Months)"))
    trade_days_1m = _count(_("Trading Days (1 Month)"))
    trade_days_3m = _count(_("Trading Days (3 Months)"))
    trade_days_6m = _count(_("Trading Days (6 Months)"))
    traded_amount_6m = _money(_("Traded Amount (6 Months)"))
    fees_12m = _money(_("Fees Paid (12 Months)"), _("Commission income from the client: the RFM monetary measure."))
    last_trade_on = models.DateField(_("Last Trade On"), null=True, blank=True)
    last_login_on = models.DateField(_("Last Login On"), null=True, blank=True)
    days_since_trade = models.PositiveIntegerField(
        _("Days Since Last Trade"), null=True, blank=True, help_text=_("Empty when the client never traded.")
    )
    days_since_login = models.PositiveIntegerField(
        _("Days Since Last Login"), null=True, blank=True, help_text=_("Empty when the client never logged in.")
    )

    # style
    turnover_6m = models.DecimalField(
        _("Turnover (6 Months)"),
        max_digits=14,
        decimal_places=4,
        default=0,
        help_text=_("Traded amount over 6 months ÷ average daily AUM over 6 months."),
    )
    holding_days = models.DecimalField(
        _("Average Holding Period (Days)"),
        max_digits=10,
        decimal_places=2,
        default=0,
        help_text=_("First in, first out, partial sells included; weighted by the quantity sold."),
    )
    style_tag = models.CharField(_("Trading Style"), max_length=20, choices=StyleTag.choices, blank=True)
    follower_share = models.DecimalField(
        _("Share in Most-Traded Names"),
        max_digits=6,
        decimal_places=4,
        default=0,
        help_text=_("Share of holdings' market value in the market's 50 most-traded instruments."),
    )
    follower_style = models.CharField(
        _("Follower or Independent"), max_length=20, choices=FollowerStyle.choices, blank=True
    )

    # preferences: [{"key": ..., "amount": ..., "share": ...}], largest first
    top_markets = models.JSONField(_("Top Markets"), default=list, blank=True)
    top_instrument_types = models.JSONField(_("Top Instrument Types"), default=list, blank=True)
    top_industries = models.JSONField(_("Top Industries"), default=list, blank=True)
    channel_mix = models.JSONField(
        _("Channel Mix"), default=dict, blank=True, help_text=_("Share of orders and logins by channel.")
    )

    # RFM
    rfm_recency = _score(_("RFM Recency"))
    rfm_frequency = _score(_("RFM Frequency"))
    rfm_monetary = _score(_("RFM Monetary"))
    rfm_cell = models.CharField(_("RFM Cell"), max_length=30, choices=RFMCell.choices, blank=True)

    # suitability facts, copied from the client for segment rules
    risk_level = models.CharField(_("Risk Level"), max_length=2, choices=RiskLevel.choices, blank=True)
    investor_type = models.CharField(_("Investor Type"), max_length=20, choices=InvestorType.choices, blank=True)
    assessment_valid_until = models.DateField(_("Assessment Valid Until"), null=True, blank=True)

    class Meta(BulkDocument.Meta):
        verbose_name = _("Client Profile")
        verbose_name_plural = _("Client Profiles")
        ordering = ["client"]
