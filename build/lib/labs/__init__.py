"""Shared code of the book's labs: device choice, run modes, data, plotting, models."""
