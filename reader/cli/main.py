"""The ``newsdesk`` command: ``newsdesk [PATH]`` opens the app; subcommands do the rest.

Global options (``add_common_options``) may come before or after a subcommand:
``newsdesk --db X list`` is ``newsdesk list --db X``. A mistake in the arguments is one
line on stderr (``UserError``), never argparse's usage block.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from reader import __version__
from reader.cli.commands import COMMANDS
from reader.cli.output import warn
from reader.core.annotator import blank_name_problem
from reader.core.errors import UserError


class Parser(argparse.ArgumentParser):
    """argparse whose errors are a ``UserError``: one line naming the command and the mistake."""

    def error(self, message: str) -> None:  # type: ignore[override]
        command = self.prog.removeprefix("newsdesk").strip()
        raise UserError(f"{command + ': ' if command else ''}{message}; see '{self.prog} --help'")


class _NotGlobal(Exception):
    """The arguments before a subcommand are not all global options."""


class _GlobalsParser(Parser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise _NotGlobal(message)


def _annotator_name(value: str) -> str:
    """``--annotator``'s value: a blank one is a mistake, said as argparse says a bad value."""
    problem = blank_name_problem(value)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def add_common_options(parser: argparse.ArgumentParser) -> None:
    """The global options: the app and every subcommand take them, before or after its name.

    A command that has no use for one (``--theme`` for ``export``) accepts it and ignores
    it, so a shell alias such as ``newsdesk --db ~/work.db`` works with every command.
    """
    group = parser.add_argument_group("global options (before or after the command)")
    group.add_argument("--db", metavar="PATH", help="annotation database (default: in the user data dir)")
    group.add_argument("--labels", metavar="FILE", help="label schema YAML (replaces the default)")
    group.add_argument(
        "--annotator", metavar="NAME", type=_annotator_name, help="name stored on every span (default: login name)"
    )
    group.add_argument(
        "--patterns",
        metavar="FILE",
        action="append",
        default=[],
        help="extra entity patterns (spaCy EntityRuler JSONL); repeatable",
    )
    group.add_argument(
        "--ner", metavar="BACKEND", default="rules", help="entity recogniser: 'rules' (built in) or 'spacy:PIPELINE'"
    )
    group.add_argument(
        "--theme", metavar="NAME", help="theme of the app (remembered), of 'show' and of the 'entities' table"
    )
    group.add_argument(
        "--read-only", action="store_true", help="open the database read-only (commands that only read always do)"
    )


def app_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="newsdesk",
        description="Read news in the terminal with entities highlighted, tag passages, export datasets.",
        epilog="Subcommands: " + ", ".join(sorted(set(COMMANDS))) + ". Run 'newsdesk COMMAND --help' for each. "
        "Global options may also come after the subcommand.",
    )
    parser.add_argument(
        "path", nargs="?", help="folder, .txt/.md file, JSONL file or feed (default: the bundled seeds)"
    )
    add_common_options(parser)
    parser.add_argument("--version", action="version", version=f"newsdesk {__version__}")
    return parser


def command_parser(name: str) -> argparse.ArgumentParser:
    """The parser of subcommand ``name`` (its ``prog`` is ``newsdesk NAME``)."""
    parser = Parser(prog="newsdesk")
    sub = parser.add_subparsers(dest="command", required=True)
    module = importlib.import_module(COMMANDS[name])
    module.register(sub)
    command = sub.choices[name]
    command.set_defaults(command=name)
    return command


def split_command(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """(subcommand or None for the app, the arguments for its parser).

    Global options given before the subcommand are moved to just after its name, where
    its own parser reads them, so both positions mean the same (an option given in both
    places: the later one wins, as argparse does; ``--patterns`` adds up).
    """
    argv = list(argv)
    finder = _GlobalsParser(prog="newsdesk", add_help=False)
    add_common_options(finder)
    finder.add_argument("rest", nargs=argparse.REMAINDER)
    try:
        rest = finder.parse_args(argv).rest
    except _NotGlobal:  # not global options then a command: the app's parser says what is wrong
        return None, argv
    if not rest or rest[0] not in COMMANDS:
        return None, argv
    before = argv[: len(argv) - len(rest)]
    return rest[0], [*before, *rest[1:]]


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The parsed command line; ``command`` is the subcommand's name, or None for the app."""
    command, args_list = split_command(argv)
    if command is None:
        args = app_parser().parse_args(args_list)
        args.command = None
        return args
    return command_parser(command).parse_args(args_list)


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        args = parse(args_list)
        if args.command is not None:
            from reader.cli.launch import with_config_db

            with_config_db(args)
            return int(args.func(args) or 0)
        from reader.cli.launch import run_app

        return run_app(args)
    except UserError as err:
        for line in str(err).splitlines() or [""]:  # a file with several problems: one line each
            warn(line)
        return err.exit_code
    except KeyboardInterrupt:
        print("newsdesk: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
