"""The decisions app's views, one module per part: `decisions` (recording decisions)."""
