"""Building: from input files to a release on disk, with its caches and manifest."""
