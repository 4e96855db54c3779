"""Report families as data: each family's spec, read and checked key by key.

A spec (``publisher/specs/*.toml``, or a folder given with ``--specs``) holds everything
that sets a family apart: its sections and dimensions, scope, confidentiality threshold,
series-break notes, measures and unit, SDMX structure ids and names, and its wording.
"""
