"""Upload to and download from the central database. No Qt."""
