from .model import ServiceTicket  # noqa: F401
