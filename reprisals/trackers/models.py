"""Models of the trackers app."""
