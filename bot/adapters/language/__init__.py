"""Language identification (lingua, offline)."""
