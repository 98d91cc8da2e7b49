from .model import Order  # noqa: F401
