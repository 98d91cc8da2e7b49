from .model import ClientTag  # noqa: F401
