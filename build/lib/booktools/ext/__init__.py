"""Sphinx extensions of the book, one job each."""
