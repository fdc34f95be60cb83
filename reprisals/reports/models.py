"""Models of the reports app."""
