"""Demo monitoring: the default Monitoring Rules (fixtures/monitoring_rules.json), then one full scan
over the demo's trading data, which raises exactly the alerts of the planted abnormal patterns
(demo/trading.py lists them; tests/monitoring/test_demo.py checks them). A second run creates
nothing: rules exist and alerts are deduplicated."""

from ..monitoring import defaults, engine
from . import step


@step(40)
def monitoring(ctx):
    created = defaults.load()
    result = engine.evaluate()
    alerts = sum(r.get("created", 0) for r in result.values())
    ctx.data["monitoring"] = result
    if not ctx.quiet:
        per_rule = ", ".join(f"{code} {r['created']}" for code, r in sorted(result.items()) if r.get("created"))
        print(f"monitoring: {created} rules loaded, {alerts} alerts raised" + (f" ({per_rule})" if per_rule else ""))
