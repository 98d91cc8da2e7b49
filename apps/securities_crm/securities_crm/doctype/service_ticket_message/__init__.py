from .model import ServiceTicketMessage  # noqa: F401
