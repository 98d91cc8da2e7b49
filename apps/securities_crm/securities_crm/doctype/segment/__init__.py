from .model import Segment  # noqa: F401
