"""The `newsdesk` command: argument parsing and one module per subcommand (glue only)."""
