"""The pure core of wijkwijzer: domain types, the dialogue and the safety rules. No I/O here."""
