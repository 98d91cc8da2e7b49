from .model import SurveyInvitation  # noqa: F401
