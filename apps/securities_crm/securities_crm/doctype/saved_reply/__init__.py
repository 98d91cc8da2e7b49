from .model import SavedReply  # noqa: F401
