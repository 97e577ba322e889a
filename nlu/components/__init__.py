"""Custom Rasa components of wijkwijzer (importable with PYTHONPATH=nlu)."""
