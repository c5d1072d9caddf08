"""Whatever is typed, ``involve`` answers in a line or two and an exit code, never a traceback.

Argument lists are built from the real argparse tree: each subcommand, with its own options and
positionals, given values both sensible and hostile (empty, blank, text that is not UTF-8, huge
numbers, dates out of range, paths that are files or cannot exist). Commands that reach a
network or a central database are left out (their bad input has tests of its own), as is
``central serve``, which would start a server.
"""

from __future__ import annotations

import argparse
import io
import os
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from app.cli.command import build_parser, main

EXAMPLES = int(os.environ.get("INVOLVE_CLI_FUZZ_EXAMPLES", "2500"))
RANDOM = bool(os.environ.get("INVOLVE_CLI_FUZZ_RANDOM"))  # a fresh draw each run, to search wider by hand
LEFT_OUT = {("sync",), ("enrol",), ("central",), ("report",)}  # network, or a central database
HOSTILE = ["", " ", "-", "--", "0", "-1", "9" * 5000, "1e309", "2026-02-30", "0000-01-01", "99:99", "Caf\udce9",
           "\x00", "../../etc", "~", "a" * 10_000, "🙂", "مرحبا", "NUL\x00byte", "%s%n", "${HOME}", "'; DROP TABLE x",
           "none", "null", "true"]


def _leaves(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...],
                                                                                           argparse.ArgumentParser]]:
    subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    if not subparsers:
        yield path, parser
        return
    for name, child in subparsers[0].choices.items():
        if any(path + (name,)[: len(left)] == left for left in LEFT_OUT):
            continue
        yield from _leaves(child, path + (name,))


COMMANDS = sorted(_leaves(build_parser()), key=lambda leaf: leaf[0])
TOP_LEVEL = {path[0] for path, _parser in COMMANDS}


def _value(action: argparse.Action, folder: Path) -> st.SearchStrategy[str]:
    sensible: list[st.SearchStrategy[str]] = [
        st.text(max_size=20), st.sampled_from(HOSTILE), st.integers(-3, 5).map(str),
        st.dates().map(str), st.sampled_from([str(folder / "out.pdf"), str(folder / "out.csv"),
                                              str(folder / "missing" / "x.json"), str(folder / "a-file")]),
    ]
    if action.choices:
        sensible.append(st.sampled_from([str(choice) for choice in action.choices]))
    return st.one_of(sensible)


@st.composite
def argument_lists(draw: st.DrawFn, folder: Path) -> list[str]:
    path, parser = draw(st.sampled_from(COMMANDS))
    argv = ["--data-dir", str(folder / "data"), *path]
    for action in parser._actions:
        if isinstance(action, argparse._HelpAction) or action.dest in ("help", "version"):
            continue
        if action.option_strings:
            if not draw(st.booleans()):
                continue
            argv.append(draw(st.sampled_from(action.option_strings)))
            if action.nargs == 0:
                continue
            argv.append(draw(_value(action, folder)))
        elif action.nargs in ("?", "*") and not draw(st.booleans()):
            continue
        else:
            argv.append(draw(_value(action, folder)))
    if draw(st.integers(0, 9)) == 0:  # now and then, something that is not an option at all
        argv.insert(draw(st.integers(2, len(argv))), draw(st.sampled_from(HOSTILE + ["--no-such-option"])))
    return argv


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    place = tmp_path_factory.mktemp("cli-fuzz")
    (place / "a-file").write_text("not a folder", encoding="utf-8")
    assert main(["--data-dir", str(place / "data"), "event", "add", "--name", "Stall", "--kind", "outreach-stall",
                 "--date", "2026-06-01"]) == 0
    return place


def test_the_argument_tree_is_walked_whole() -> None:
    commands = {" ".join(path) for path, _parser in COMMANDS}
    assert {"event add", "event list", "survey add", "sheets", "export", "backup restore", "status"} <= commands


# Thousands of whole commands, some drawing PDFs: longer than the usual limit on a busy machine.
@pytest.mark.timeout(600)
@settings(max_examples=EXAMPLES, deadline=None, database=None, derandomize=not RANDOM,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(data=st.data())
def test_no_argument_list_gives_a_traceback(folder: Path, monkeypatch, data: st.DataObject) -> None:
    monkeypatch.chdir(folder)  # relative output paths land here
    argv = data.draw(argument_lists(folder))
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = main(argv)
        except SystemExit as stop:  # argparse's own --help or --version: allowed, and clean
            code = stop.code if isinstance(stop.code, int) else 0
    said = err.getvalue()
    event(f"{argv[2] if argv[2] in TOP_LEVEL else '?'}: exit {code}")
    assert "Traceback" not in said and 'File "' not in said, (argv, said)
    assert code in (0, 1, 2, 3), (argv, code, said)
    if code:
        assert said.strip(), (argv, "a failure that says nothing")
        assert "unexpected" not in said, (argv, said)
