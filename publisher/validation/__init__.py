"""Validation: what a build writes, against each format's own validators."""
