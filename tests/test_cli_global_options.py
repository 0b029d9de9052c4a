"""Global options mean the same before and after the subcommand, for every command.

Enumerated from the registry (``reader.cli.commands.COMMANDS``) and from the options
``add_common_options`` defines, so a new command or global option is covered (or this
test says what it needs) without editing a list of cases.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

import pytest

from reader.cli.commands import COMMANDS
from reader.cli.main import add_common_options, main, parse

# The fewest arguments each command parses with (its required positionals and options).
MINIMAL_ARGS: dict[str, list[str]] = {
    "list": [],
    "show": ["some-id"],
    "entities": ["a.txt"],
    "export": ["--format", "jsonl"],
    "import": ["feed.xml"],
    "stats": [],
    "timeline": [],
}


def global_options() -> list[tuple[str, list[str], object]]:
    """(dest, the option's tokens, the value they parse to) for every global option."""
    probe = argparse.ArgumentParser()
    add_common_options(probe)
    out = []
    for action in probe._actions:
        if not action.option_strings or isinstance(action, argparse._HelpAction):
            continue
        flag = action.option_strings[-1]
        if action.nargs == 0:  # a switch
            out.append((action.dest, [flag], True))
        elif isinstance(action, argparse._AppendAction):
            out.append((action.dest, [flag, "p.jsonl"], ["p.jsonl"]))
        else:
            out.append((action.dest, [flag, "VALUE"], "VALUE"))
    return out


GLOBALS = global_options()
CASES = [(command, option) for command in sorted(COMMANDS) for option in GLOBALS]


def test_every_command_has_minimal_arguments_here():
    assert set(MINIMAL_ARGS) == set(COMMANDS)
    assert {dest for dest, _, _ in GLOBALS} >= {"db", "labels", "annotator", "patterns", "ner", "theme", "read_only"}


@pytest.mark.parametrize(("command", "option"), CASES, ids=[f"{c}-{o[1][0]}" for c, o in CASES])
def test_a_global_option_before_or_after_the_command_parses_the_same(command, option):
    dest, tokens, value = option
    before = parse([*tokens, command, *MINIMAL_ARGS[command]])
    after = parse([command, *MINIMAL_ARGS[command], *tokens])
    assert before.command == after.command == command
    assert getattr(before, dest) == getattr(after, dest) == value
    assert vars(before) == vars(after)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_all_global_options_at_once_before_or_after(command):
    tokens = [token for _, option_tokens, _ in GLOBALS for token in option_tokens]
    before = parse([*tokens, command, *MINIMAL_ARGS[command]])
    after = parse([command, *MINIMAL_ARGS[command], *tokens])
    assert vars(before) == vars(after)
    assert all(getattr(after, dest) == value for dest, _, value in GLOBALS)


def test_the_app_takes_every_global_option():
    for dest, tokens, value in GLOBALS:
        args = parse([*tokens, "corpus"])
        assert args.command is None and args.path == "corpus" and getattr(args, dest) == value


def test_given_in_both_places_the_later_wins_and_patterns_add_up():
    args = parse(["--db", "first", "--patterns", "a.jsonl", "list", "--db", "second", "--patterns", "b.jsonl"])
    assert args.db == "second" and args.patterns == ["a.jsonl", "b.jsonl"]


def test_an_option_value_named_like_a_command_is_a_value():
    args = parse(["--annotator", "list"])
    assert args.command is None and args.annotator == "list" and args.path is None


def test_db_before_the_command_reaches_it(tmp_path, capsys):
    from annotations.store.database import AnnotationStore
    from reader.corpus.loader import open_corpus

    first = open_corpus(None).metas[0].id
    db = tmp_path / "db"
    with AnnotationStore.open(db, annotator="a") as store:
        store.set_status(first, "done")
    statuses = []
    for argv in (["--db", str(db), "list", "--json"], ["list", "--json", "--db", str(db)]):
        assert main(argv) == 0
        rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
        statuses.append({row["id"]: row["status"] for row in rows})
    assert statuses[0] == statuses[1] and statuses[0][first] == "done"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_an_unknown_option_is_one_line_naming_the_command(command, capsys):
    assert main([command, *MINIMAL_ARGS[command], "--bogus"]) == 2
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err == f"newsdesk: {command}: unrecognized arguments: --bogus; see 'newsdesk {command} --help'\n"


@pytest.mark.parametrize(
    ("argv", "line"),
    [
        (["--bogus", "list"], "newsdesk: unrecognized arguments: --bogus; see 'newsdesk --help'"),
        (["list", "--db"], "newsdesk: list: argument --db: expected one argument; see 'newsdesk list --help'"),
        (["--db"], "newsdesk: argument --db: expected one argument; see 'newsdesk --help'"),
        (
            ["export"],
            "newsdesk: export: the following arguments are required: --format/-f; see 'newsdesk export --help'",
        ),
        (
            ["stats", "--top", "x"],
            "newsdesk: stats: argument --top: invalid int value: 'x'; see 'newsdesk stats --help'",
        ),
        (
            ["import", "x.jsonl", "--format", "native", "--read-only"],
            "newsdesk: --read-only: 'import --format' writes spans into the database; leave --read-only out",
        ),
    ],
)
def test_bad_arguments_are_one_line(argv, line, capsys):
    assert main(argv) == 2
    out = capsys.readouterr()
    assert out.out == "" and out.err == line + "\n"


READING = ["list", "show", "stats", "timeline", "export"]  # the commands that read the database only


def _reading_args(command: str) -> list[str]:
    from reader.corpus.loader import open_corpus

    args = {"show": [open_corpus(None).metas[0].id], "export": ["--format", "jsonl", "--out", "out.jsonl"]}
    return [command, *args.get(command, [])]


def test_every_command_that_reads_the_database_is_listed_here():
    assert sorted(READING) == sorted(set(COMMANDS) - {"import", "entities"})  # import writes; entities has none


@pytest.mark.parametrize("before", [False, True])
@pytest.mark.parametrize("command", READING)
def test_a_database_that_is_not_there_is_one_line_for_a_reading_command(tmp_path, monkeypatch, capsys, command, before):
    """It read as an empty one: every article 'to do', nothing counted, without a word."""
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "no" / "such.db"
    option = ["--db", str(missing)]
    argv = _reading_args(command)
    assert main([*option, *argv] if before else [*argv, *option]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"newsdesk: {missing}: no such annotation database (a read-only open creates none; check the path)\n"
    assert list(tmp_path.iterdir()) == []  # neither made nor written


@pytest.mark.parametrize("command", READING)
def test_the_default_database_not_made_yet_reads_as_empty(tmp_path, monkeypatch, capsys, command):
    """On a new machine nothing is annotated yet: the default database is not there, and that is no mistake."""
    from reader.core import paths

    monkeypatch.chdir(tmp_path)
    assert not paths.default_db_path().exists()
    assert main(_reading_args(command)) == 0
    assert "no such annotation database" not in capsys.readouterr().err


def test_a_writable_open_still_creates_the_database_it_is_given(tmp_path, capsys):
    spans = [{"start": 0, "end": 5, "label": "demand"}]
    source = tmp_path / "spans.jsonl"
    source.write_text(json.dumps({"id": "a1", "title": "T", "text": "Talks resumed.", "spans": spans}) + "\n")
    new = tmp_path / "new" / "annotations.db"
    assert main(["import", "--format", "native", str(source), "--db", str(new)]) == 0
    assert new.is_dir()
    capsys.readouterr()
    assert main(["list", "--json", "--db", str(new)]) == 0  # and a reading command reads it
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {row["id"]: row["status"] for row in rows}["a1"] == "in progress"


def test_the_app_read_only_on_a_database_that_is_not_there_is_one_line(tmp_path):
    """Run apart: were the database opened, the UI would start."""
    missing = tmp_path / "no" / "such.db"
    result = subprocess.run(
        [sys.executable, "-m", "reader.cli.main", "--read-only", "--db", str(missing)],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"newsdesk: {missing}: no such annotation database (a read-only open creates none; check the path)\n"
    )
    assert not missing.exists()


def _config(text: str) -> None:
    from reader.core import paths

    (paths.config_dir() / "config.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("command", READING)
def test_db_in_config_yaml_is_the_database_every_reading_command_reads(tmp_path, monkeypatch, capsys, command):
    """The app took ``db:`` from config.yaml and the commands did not: ``export`` wrote the default
    database's spans (or none) while the user annotated in the configured one."""
    monkeypatch.chdir(tmp_path)
    missing = tmp_path / "no" / "such.db"
    _config(f"db: {missing}\n")
    assert main(_reading_args(command)) == 2
    assert capsys.readouterr().err == (
        f"newsdesk: {missing}: no such annotation database (a read-only open creates none; check the path)\n"
    )


def test_db_and_annotator_in_config_yaml_reach_import_list_and_export_and_db_given_wins(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    configured, given = tmp_path / "project.db", tmp_path / "other.db"
    _config(f"db: {configured}\nannotator: rana\n")
    source = tmp_path / "spans.jsonl"
    spans = [{"start": 0, "end": 5, "label": "demand"}]
    source.write_text(json.dumps({"id": "a1", "title": "T", "text": "Talks resumed.", "spans": spans}) + "\n")
    assert main(["import", "--format", "native", str(source)]) == 0
    assert configured.is_dir()
    capsys.readouterr()
    assert main(["list", "--json"]) == 0
    rows = {row["id"]: row["status"] for row in map(json.loads, capsys.readouterr().out.splitlines())}
    assert rows["a1"] == "in progress"
    assert main(["export", "--format", "jsonl", "--out", "out.jsonl"]) == 0
    (exported,) = (json.loads(line) for line in (tmp_path / "out.jsonl").read_text().splitlines())
    assert [(s["label"], s["annotator"]) for s in exported["spans"]] == [("demand", "rana")]
    assert main(["import", "--format", "native", str(source), "--db", str(given)]) == 0  # --db wins
    assert given.is_dir()
