"""The service catalogue as core types: what the resident is told about and routed to."""
