"""Demo segments: the default Segments and the tier ladder (fixtures/segments.json), then one refresh
over whatever profiles exist, so the explorer and the client 360 page's Profile tab have something to
show. A second run creates nothing and changes no membership (refreshes are idempotent)."""

from ..segments import defaults, membership
from . import step


@step(60)
def segments(ctx):
    created = defaults.load()
    result = membership.refresh_segments()
    ctx.data["segments"] = {name: r.members for name, r in result.items()}
    if not ctx.quiet:
        sizes = ", ".join(f"{name} {r.members}" for name, r in result.items())
        print(f"segments: {created} loaded; members: {sizes}")
