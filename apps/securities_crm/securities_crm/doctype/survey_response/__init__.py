from .model import SurveyResponse  # noqa: F401
