"""Mapping: a parsed report's labels onto the standard codelists, as observations."""
