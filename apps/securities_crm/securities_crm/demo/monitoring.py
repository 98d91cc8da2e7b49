"""Demo monitoring: the default Monitoring Rules (fixtures/monitoring_rules.json), then one full scan
over the demo's trading data, which raises the alerts for the planted abnormal patterns
(demo/trading.py). A second run creates nothing: rules exist and alerts are deduplicated."""
from ..monitoring import defaults, engine
from . import step


@step(40)
def monitoring(ctx):
    created = defaults.load()
    result = engine.evaluate()
    alerts = sum(r["created"] for r in result.values())
    ctx.data["monitoring"] = result
    if not ctx.quiet:
        print(f"monitoring: {created} rules loaded, {alerts} alerts raised")
