"""Publisher: turns Nav's monthly statistical reports into open data."""

__version__ = "0.1.0"
