from .model import SegmentSnapshot  # noqa: F401
