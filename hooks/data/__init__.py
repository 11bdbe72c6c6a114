"""Stage 1: load data/ (facts, glossary, data sets) and check it and the pages' prose before any page is built."""
