"""Checking: consistency of the merged cube, reported as warnings."""
