from .model import Holiday  # noqa: F401
