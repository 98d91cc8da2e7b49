from .model import CareTask  # noqa: F401
