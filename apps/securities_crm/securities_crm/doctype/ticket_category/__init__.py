from .model import TicketCategory  # noqa: F401
