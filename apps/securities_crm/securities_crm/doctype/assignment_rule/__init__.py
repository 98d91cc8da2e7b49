from .model import AssignmentRule  # noqa: F401
