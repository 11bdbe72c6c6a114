"""Stage 3: the Chinese search: aliases and form words in the index, the query rules and tables for the worker."""
