from .model import Instrument  # noqa: F401
