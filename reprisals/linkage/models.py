"""Models of the linkage app."""
