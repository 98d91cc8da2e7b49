from .model import RiskCase  # noqa: F401
