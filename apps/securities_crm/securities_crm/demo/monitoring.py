"""Demo monitoring: the default Monitoring Rules (fixtures/monitoring_rules.json), then one full scan
over the demo's trading data, which raises exactly the alerts of the planted abnormal patterns
(demo/trading.py lists them; tests/monitoring/test_demo.py checks them). A second run creates
nothing: rules exist and alerts are deduplicated."""

from ..doctype.aml_settings.model import AMLSettings
from ..monitoring import defaults, engine
from . import step

# The demo's reporting institution, so that its AML reports export; a real firm's Compliance sets its own code.
DEMO_INSTITUTION = ("示例证券股份有限公司", "DEMO000001")


@step(40)
def monitoring(ctx):
    created = defaults.load()
    settings = AMLSettings.get_solo()
    if settings._state.adding or not settings.institution_code:
        settings.institution_name = settings.institution_name or DEMO_INSTITUTION[0]
        settings.institution_code = DEMO_INSTITUTION[1]
        settings.save()
    result = engine.evaluate()
    alerts = sum(r.get("created", 0) for r in result.values())
    ctx.data["monitoring"] = result
    if not ctx.quiet:
        per_rule = ", ".join(f"{code} {r['created']}" for code, r in sorted(result.items()) if r.get("created"))
        print(f"monitoring: {created} rules loaded, {alerts} alerts raised" + (f" ({per_rule})" if per_rule else ""))
