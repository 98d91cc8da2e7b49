"""Demo feedback: the default surveys (fixtures/surveys.json) and a year of relationship NPS answers from
a few hundred clients, with Chinese comments, so the responses list and the analysis have something to
show. Deterministic from the seed; a second run adds nothing. Low scores open follow-up tasks as live."""

import datetime as dt

from django.utils import timezone

from ..doctype.client.model import Client
from ..doctype.survey.model import Survey
from ..doctype.survey_response.model import SurveyResponse
from ..feedback import defaults, responses
from . import step

COMMENTS = {
    "low": [
        "佣金比别家高，希望能降一点。",
        "App经常卡顿，行情刷新慢。",
        "客户经理很少联系我。",
        "客服电话总是打不进去。",
    ],
    "mid": ["整体还可以，开户流程有点繁琐。", "研究报告更新不够及时。", ""],
    "high": ["客户经理很专业，服务周到。", "App好用，交易很方便。", "投教活动很有收获，谢谢！", ""],
}
SHARE = 0.15  # of the demo's clients who answered the relationship survey
NPS_WEIGHTS = [1, 1, 1, 2, 2, 4, 6, 10, 14, 12, 10]  # 0..10: a broker with a modest, positive NPS


@step(70)
def feedback(ctx):
    created = defaults.load()
    survey = Survey.objects.filter(survey_name="关系型NPS调查").order_by("-version").first()
    if survey is None or SurveyResponse.objects.filter(survey=survey).exists():
        return
    rng = ctx.rng("feedback")
    clients = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    chosen = sorted(rng.sample(clients, max(1, int(len(clients) * SHARE)))) if clients else []
    now = timezone.now()
    channels = ["Portal", "App", "Email", "SMS", "Phone"]
    with ctx.progress(len(chosen), "feedback") as bar:
        for pk in chosen:
            score = rng.choices(range(11), weights=NPS_WEIGHTS)[0]
            band = "low" if score <= 6 else "mid" if score <= 8 else "high"
            answers = {"recommend": score, "effort": rng.randint(3 if score > 6 else 1, 7)}
            if score <= 6:
                answers["low_reasons"] = rng.sample(
                    ["fees", "app", "adviser", "service", "research"], rng.randint(1, 2)
                )
            text = rng.choice(COMMENTS[band])
            if text:
                answers["comment"] = text
            made = responses.submit(survey, Client.objects.get(pk=pk), answers, channel=rng.choice(channels))
            when = now - dt.timedelta(days=rng.randint(0, 364), minutes=rng.randint(0, 600))
            SurveyResponse.objects.filter(pk=made.pk).update(submitted_at=when)  # spread over the year
            bar.update(1)
    if not ctx.quiet:
        print(f"feedback: {created} surveys loaded; {len(chosen)} relationship NPS responses")
