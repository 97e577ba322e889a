"""Privacy rules of the core: what may be kept of a resident's words."""
