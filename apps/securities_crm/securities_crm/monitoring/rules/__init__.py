"""The rule kinds, one module per family; each registers its kinds with @kinds.kind.

Loaded once by core.discovery.autodiscover("rules") from AppConfig.ready; nothing else imports them.

    aml.py      large cash and transfers, structuring, outflows, idle and dormant accounts, scatter-gather
    trading.py  frequent and high-frequency trading, cancellations, new-account churn, concentration
    access.py   unusual logins, and suitability breaches
    common.py   what the kinds share: windows, buckets, evidence tags
"""

from . import access, aml, trading  # noqa: F401  (each registers its kinds)
