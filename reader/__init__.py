"""newsdesk reader: corpus loading, entity recognition and the terminal app.

Everything in this package except ``reader.ui`` is core code and never imports Textual.
"""

__version__ = "0.1.0"
