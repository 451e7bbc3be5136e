"""What is kept: SQLModel tables, engine and sessions, repositories, Alembic migrations."""
