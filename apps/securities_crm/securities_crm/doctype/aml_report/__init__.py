from .model import AMLReport  # noqa: F401
