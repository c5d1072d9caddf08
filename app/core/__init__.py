"""Domain rules in plain Python: no Qt and no I/O."""
