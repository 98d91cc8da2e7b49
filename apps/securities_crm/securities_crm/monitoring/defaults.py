"""Load the default Monitoring Rules from fixtures/monitoring_rules.json (idempotent)."""

import json
from pathlib import Path

from ..doctype.monitoring_rule.model import MonitoringRule

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "monitoring_rules.json"


def load(enable=None) -> int:
    """Create the rules whose codes do not exist yet; returns how many were created."""
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))["rules"]
    have = set(MonitoringRule.objects.values_list("code", flat=True))
    created = 0
    for row in rows:
        if row["code"] in have:
            continue
        rule = MonitoringRule(**row)
        if enable is not None:
            rule.enabled = enable and row.get("enabled", True)
        rule.save()
        created += 1
    return created
