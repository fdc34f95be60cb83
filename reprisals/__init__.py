"""Reprisals Tracker: the UN-wide register of intimidation and reprisals for cooperation with the UN."""

__version__ = "0.1.0"
