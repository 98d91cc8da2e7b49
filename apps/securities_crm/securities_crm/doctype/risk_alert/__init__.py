from .model import RiskAlert  # noqa: F401
