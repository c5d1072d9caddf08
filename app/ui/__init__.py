"""The desktop interface: the only layer that imports Qt."""
