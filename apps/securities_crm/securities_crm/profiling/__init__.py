"""Client profiling: the metrics of every client's Client Profile, computed set-wise with DuckDB over
Arrow tables read by monitoring's readers, written in bulk, every night and after each ingestion batch."""
