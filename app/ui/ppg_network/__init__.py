"""The PPG network window: each GP practice's Patient Participation Group at a glance."""
