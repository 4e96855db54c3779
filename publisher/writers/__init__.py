"""Writers: each turns the cube (or part of it) into one format, as text."""
