"""Translation: deep-translator behind the Translator port, cached in the database."""
