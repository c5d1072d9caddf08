"""Use cases that both the command line and the window run, written once."""
