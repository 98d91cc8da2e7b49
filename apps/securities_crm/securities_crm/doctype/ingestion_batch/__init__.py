from .model import IngestionBatch  # noqa: F401
