"""The involvement log of a member, and claims for finance."""
