"""Files written by released versions of Involve, and the script that makes them (make_store.py)."""
