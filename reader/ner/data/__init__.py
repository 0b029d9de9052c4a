"""Shipped entity data: the gazetteer (patterns.jsonl) and the name lexicon."""
