"""The shipped YAML themes (package data)."""
