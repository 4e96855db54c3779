"""Writers: each turns the cube (or part of it) into one format, as text."""

BASE_URL = "http://127.0.0.1:8000/"  # where a release is served by default
