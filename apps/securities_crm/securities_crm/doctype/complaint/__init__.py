from .model import Complaint  # noqa: F401
