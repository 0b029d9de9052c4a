"""The TinyDB annotation database: its durable storage, journal, lock, record checks and history."""
