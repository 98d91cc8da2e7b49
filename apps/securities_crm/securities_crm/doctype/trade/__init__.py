from .model import Trade  # noqa: F401
