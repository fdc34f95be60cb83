"""Models of the followup app."""
