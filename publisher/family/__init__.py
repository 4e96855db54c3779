"""Report families: which sections a family's reports hold and how they read."""
