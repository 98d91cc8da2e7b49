from .model import SLAPolicy  # noqa: F401
