from .model import SegmentMembership  # noqa: F401
