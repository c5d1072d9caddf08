"""The health network: organisations, their contacts, and importing lists of them."""
