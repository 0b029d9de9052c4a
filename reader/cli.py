"""The ``newsdesk`` command: ``newsdesk [PATH]`` opens the app; subcommands do the rest."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from reader import __version__
from reader.commands import COMMANDS
from reader.errors import UserError


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """Options every command that touches annotations or entities understands."""
    parser.add_argument("--db", metavar="PATH", help="annotation database (default: in the user data dir)")
    parser.add_argument("--labels", metavar="FILE", help="label schema YAML (replaces the default)")
    parser.add_argument("--annotator", metavar="NAME", help="name stored on every span (default: login name)")
    parser.add_argument(
        "--patterns",
        metavar="FILE",
        action="append",
        default=[],
        help="extra entity patterns (spaCy EntityRuler JSONL); repeatable",
    )
    parser.add_argument(
        "--ner", metavar="BACKEND", default="rules", help="entity recogniser: 'rules' (built in) or 'spacy:PIPELINE'"
    )


def app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsdesk",
        description="Read news in the terminal with entities highlighted, tag passages, export datasets.",
        epilog="Subcommands: " + ", ".join(sorted(set(COMMANDS))) + ". Run 'newsdesk COMMAND --help' for each.",
    )
    parser.add_argument(
        "path", nargs="?", help="folder, .txt/.md file, JSONL file or feed (default: the bundled seeds)"
    )
    add_common_options(parser)
    parser.add_argument("--theme", metavar="NAME", help="theme name (remembered)")
    parser.add_argument("--read-only", action="store_true", help="open the database read-only")
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    return parser


def command_parser(name: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="newsdesk")
    sub = parser.add_subparsers(dest="command", required=True)
    module = importlib.import_module(COMMANDS[name])
    module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list and args_list[0] in COMMANDS:
            args = command_parser(args_list[0]).parse_args(args_list)
            return int(args.func(args) or 0)
        args = app_parser().parse_args(args_list)
        from reader.launch import run_app

        return run_app(args)
    except UserError as err:
        print(f"newsdesk: {err}", file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
