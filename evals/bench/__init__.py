"""`advisor bench`: speed and memory, each figure set against its physical floor (see run.py)."""
