from .model import MonitoringRule  # noqa: F401
