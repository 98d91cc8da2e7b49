"""Risk assessment: the active questionnaire one question per screen, then the result and history.

The answers collect in the session; on the last screen the client confirms and the portal
submits a Risk Assessment (channel Portal), which scores it (doctype/risk_assessment) and sets
the client's level (suitability/assessments.apply_to_client).
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from ...core.document import DocStatus
from ...doctype.client.model import RiskLevel
from ...doctype.risk_assessment.model import RiskAssessment
from ...doctype.risk_questionnaire.model import RiskQuestionnaire
from ...doctype.shared.suitability import Channel, RiskRating
from ...suitability.matching import LEVELS, RATINGS
from ..access import client_ip, client_page, get_mine, mine

SESSION_KEY = "portal_assessment"


def level_facts(client, level=None, lowest=None) -> dict:
    """What a risk level means for the client: its label and the product ratings it allows."""
    level = client.risk_level if level is None else level
    lowest = client.lowest_category if lowest is None else lowest
    if not level:
        return {}
    if client.investor_type != "Ordinary":
        allowed = RATINGS
    elif lowest:
        allowed = RATINGS[:1]
    else:
        allowed = RATINGS[: LEVELS.index(level) + 1]
    return {
        "code": level,
        "label": RiskLevel(level).label,
        "lowest": lowest,
        "allowed": [RiskRating(r).label for r in allowed],
        "highest": RiskRating(allowed[-1]).label,
        "valid_until": client.risk_valid_until,
    }


def _questions(questionnaire):
    return list(questionnaire.question_rows.order_by("idx"))


@client_page
def overview(request):
    history = mine(request, RiskAssessment.objects.filter(client=request.client, docstatus=DocStatus.SUBMITTED))
    return render(
        request,
        "portal/assessment.html",
        {
            "level": level_facts(request.client),
            "history": history.order_by("-confirmed_at")[:20],
            "questionnaire": RiskQuestionnaire.active(),
        },
    )


@client_page
@require_POST
def start(request):
    questionnaire = RiskQuestionnaire.active()
    if questionnaire is None:
        raise Http404
    request.session[SESSION_KEY] = {"version": questionnaire.pk, "answers": {}}
    return redirect("portal:assessment_question", number=1)


def _pending(request):
    pending = request.session.get(SESSION_KEY)
    questionnaire = RiskQuestionnaire.active()
    if not pending or questionnaire is None or pending["version"] != questionnaire.pk:
        return None, None
    return pending, questionnaire


@client_page
@require_http_methods(["GET", "POST"])
def question(request, number):
    pending, questionnaire = _pending(request)
    if pending is None:
        return redirect("portal:assessment")
    questions = _questions(questionnaire)
    if not 1 <= number <= len(questions):
        raise Http404
    q = questions[number - 1]
    options = list(questionnaire.option_rows.filter(question_code=q.code).order_by("idx"))
    error = ""
    if request.method == "POST":
        chosen = [c for c in request.POST.getlist("answer") if c in {o.code for o in options}]
        if not q.multiple:
            chosen = chosen[:1]
        if not chosen and q.mandatory:
            error = _("Choose an answer to go on.")
        else:
            pending["answers"][q.code] = chosen if q.multiple else (chosen[0] if chosen else "")
            request.session.modified = True
            if number < len(questions):
                return redirect("portal:assessment_question", number=number + 1)
            return redirect("portal:assessment_review")
    given = pending["answers"].get(q.code, [])
    given = given if isinstance(given, list) else [given]
    return render(
        request,
        "portal/assessment_question.html",
        {
            "question": q,
            "options": options,
            "number": number,
            "total": len(questions),
            "given": given,
            "error": error,
            "percent": int(100 * (number - 1) / len(questions)),
            "questionnaire": questionnaire,
        },
    )


@client_page
@require_http_methods(["GET", "POST"])
def review(request):
    pending, questionnaire = _pending(request)
    if pending is None:
        return redirect("portal:assessment")
    questions = _questions(questionnaire)
    missing = [i for i, q in enumerate(questions, 1) if q.mandatory and not pending["answers"].get(q.code)]
    if missing:
        return redirect("portal:assessment_question", number=missing[0])
    error = ""
    if request.method == "POST":
        answers = {k: v for k, v in pending["answers"].items() if v not in ("", [])}
        assessment = RiskAssessment(
            client=request.client,
            questionnaire=questionnaire,
            answers=answers,
            channel=Channel.PORTAL,
            confirmed_by=request.user,
            confirmed_ip=client_ip(request),
        )
        try:
            assessment.submit()
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            del request.session[SESSION_KEY]
            return redirect("portal:assessment_result", name=assessment.pk)
    options = {(o.question_code, o.code): o for o in questionnaire.option_rows.all()}
    rows = []
    for i, q in enumerate(questions, 1):
        given = pending["answers"].get(q.code) or []
        given = given if isinstance(given, list) else [given]
        rows.append({"number": i, "question": q, "answers": [options[(q.code, c)] for c in given]})
    return render(
        request, "portal/assessment_review.html", {"rows": rows, "error": error, "questionnaire": questionnaire}
    )


@client_page
def result(request, name):
    assessment = get_mine(request, RiskAssessment.objects.filter(docstatus=DocStatus.SUBMITTED), pk=name)
    return render(
        request,
        "portal/assessment_result.html",
        {
            "assessment": assessment,
            "level": level_facts(request.client, assessment.risk_level, assessment.lowest_category),
        },
    )
