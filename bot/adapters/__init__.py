"""Adapters: the edges where wijkwijzer meets files, databases, NLU, translators and Telegram."""
