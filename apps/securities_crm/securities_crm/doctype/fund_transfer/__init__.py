from .model import FundTransfer  # noqa: F401
