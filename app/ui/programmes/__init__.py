"""Programmes and decisions, and the annual evidence pack."""
