from .model import LoginEvent  # noqa: F401
