"""NLU: the Rasa HTTP client, the local Rasa server, and training."""
