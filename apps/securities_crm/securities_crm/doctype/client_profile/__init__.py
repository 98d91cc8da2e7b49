"""Client Profile (客户画像): one per client, computed every night by profiling/ and read-only everywhere."""
