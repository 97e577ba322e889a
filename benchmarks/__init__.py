"""`make bench`: speed and memory measured by running the real parts, printed as numbers."""
