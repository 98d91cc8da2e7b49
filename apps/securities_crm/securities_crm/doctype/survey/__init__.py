from .model import Survey  # noqa: F401
