"""Subcommands of the ``newsdesk`` CLI, one module each.

Each module defines ``register(subparsers)``, which adds its parser and sets
``func`` to a ``run(args) -> int`` function. Modules are imported only when their
command is used, so starting the app does not pay for export code.
"""

from __future__ import annotations

# command name -> module that registers it
COMMANDS: dict[str, str] = {
    "list": "reader.cli.library",
    "show": "reader.cli.library",
    "entities": "reader.cli.entities",
    "export": "reader.cli.export",
    "import": "reader.cli.importing",
    "stats": "reader.cli.stats",
    "timeline": "reader.cli.timeline",
}
