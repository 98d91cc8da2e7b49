"""Risk monitoring: rules evaluated over trading data. Filled in by the monitoring issue."""
