from .model import ServiceTeam  # noqa: F401
