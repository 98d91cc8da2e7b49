from .model import CareRule  # noqa: F401
