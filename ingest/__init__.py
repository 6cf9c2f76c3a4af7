"""Corpus -> index: load, repair, parse roadmap structure, chunk, embed and sync into the store."""
