"""Merging: every report's observations into one cube, and its regional structure."""
