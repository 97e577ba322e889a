"""Handing a resident to a person of their wijkteam: the case and its rules (pure)."""
