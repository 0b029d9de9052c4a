"""newsdesk annotations: label schema, span model, the durable store, import and export.

Core code: never imports Textual. Only ``annotations.store.database`` touches TinyDB.
"""
