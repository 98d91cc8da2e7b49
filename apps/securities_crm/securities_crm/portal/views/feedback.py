"""Feedback in the portal (我的反馈): the always-open feedback forms, the surveys the client was invited to,
their own responses (another client's is a 404), and the signed one-time link that needs no sign-in
(used twice, expired or forged: a polite page, and nothing stored). Phone first: one column, big targets."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ...doctype.shared.feedback import FeedbackChannel
from ...doctype.survey.model import Survey, SurveyStatus, Trigger
from ...doctype.survey_invitation.model import SurveyInvitation
from ...doctype.survey_response.model import SurveyResponse
from ...feedback import distribution, forms, responses
from ..access import client_page, get_mine, mine


def _errors(exc: ValidationError) -> list[str]:
    return [m for ms in exc.message_dict.values() for m in ms]


def _form(request, survey, template_context, *, submit):
    """Draw the survey; on POST record the answers through `submit(answers)`."""
    errors: list[str] = []
    values: dict = {}
    if request.method == "POST":
        values = forms.answers_from(request.POST, survey.questions)
        try:
            return submit(values), errors
        except ValidationError as exc:
            errors = _errors(exc)
    template_context.update(
        survey=survey,
        intro=survey.intro(get_language()),
        items=forms.items(survey.questions, get_language(), values),
        errors=errors,
    )
    return None, errors


@client_page
def feedback(request):
    """The always-open forms, the invitations not yet answered, and my responses."""
    now = timezone.now()
    invited = (
        mine(request, SurveyInvitation.objects.select_related("survey"))
        .filter(expires_at__gt=now, response__isnull=True, survey__status=SurveyStatus.OPEN)
        .order_by("-creation")
    )
    return render(
        request,
        "portal/feedback.html",
        {
            "surveys": Survey.objects.filter(status=SurveyStatus.OPEN, trigger=Trigger.MANUAL).order_by("survey_name"),
            "invited": [(i, distribution.token(i)) for i in invited],
            "responses": mine(request, SurveyResponse.objects.select_related("survey")).order_by("-submitted_at")[:50],
        },
    )


@client_page
def survey_form(request, name):
    """An always-open feedback form (a Manual survey that is open)."""
    survey = Survey.objects.filter(pk=name, trigger=Trigger.MANUAL, status=SurveyStatus.OPEN).first()
    if survey is None:
        raise Http404
    context: dict = {"action": request.path}

    def submit(answers):
        return responses.submit(survey, request.client, answers, channel=FeedbackChannel.PORTAL)

    made, errors = _form(request, survey, context, submit=submit)
    if made is not None:
        return redirect("portal:feedback_response", made.pk)
    return render(request, "portal/survey.html", context, status=417 if errors else 200)


@client_page
def response_detail(request, name):
    response = get_mine(request, SurveyResponse.objects.select_related("survey"), pk=name)
    return render(
        request,
        "portal/survey_response.html",
        {"response": response, "items": forms.items(response.survey.questions, get_language(), response.answers)},
    )


PROBLEMS = {
    "forged": gettext_lazy("This link is not valid. Please use the link exactly as we sent it."),
    "expired": gettext_lazy("This link has expired. Thank you all the same; we will ask again another time."),
    "used": gettext_lazy("This survey has already been answered through this link. Thank you!"),
    "closed": gettext_lazy("This survey has closed. Thank you all the same."),
}


def survey_link(request, token):
    """The signed one-time link: answer without signing in."""
    opened = distribution.open_link(token)
    if opened.problem:
        return render(
            request,
            "portal/survey_done.html",
            {"message": PROBLEMS[opened.problem]},
            status=410 if opened.problem != "forged" else 404,
        )
    invitation = opened.invitation
    context: dict = {"action": request.path}
    problem = ""

    def submit(answers):
        nonlocal problem
        response, problem = distribution.answer_link(token, answers)
        return response or problem

    made, errors = _form(request, invitation.survey, context, submit=submit)
    if made is not None:
        message = PROBLEMS[problem] if problem else _("Thank you! Your answers have been recorded.")
        return render(request, "portal/survey_done.html", {"message": message, "thanks": not problem})
    return render(request, "portal/survey.html", context, status=417 if errors else 200)
