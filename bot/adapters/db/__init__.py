"""Storage: SQLAlchemy 2 models, sessions, migrations and repositories."""
