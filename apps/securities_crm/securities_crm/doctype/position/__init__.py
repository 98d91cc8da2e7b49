from .model import Position  # noqa: F401
