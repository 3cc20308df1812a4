"""`python -m tracker.counting` and `flask --app tracker count`: one command, no app, no database.

Both are run as real processes from the project root, as a person would run them.
"""

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tracker.counting import count, read_blt, to_dict
from tracker.counting.cli import OPTIONS, parser
from tracker.counting.command import count_command

ROOT = Path(__file__).parents[2]
DATA = Path(__file__).parent / "data"
MEETING = DATA / "meeting.blt"  # Adams 4, Brown 3, Clark 2: Clark is excluded and her papers elect Brown
WEB_PACKAGES = {"flask", "flask_sqlalchemy", "flask_migrate", "sqlalchemy", "alembic", "werkzeug", "wtforms"}

PYTHON_M = [sys.executable, "-m", "tracker.counting"]
FLASK = [sys.executable, "-m", "flask", "--app", "tracker", "count"]


def run(command: list[str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*command, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=60)


# --- what they load ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", sorted((ROOT / "tracker" / "counting").glob("*.py")), ids=lambda p: p.name)
def test_the_counting_modules_import_no_web_framework(module):
    tree = ast.parse(module.read_text())
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom) and node.module}
    forbidden = WEB_PACKAGES | ({"click"} if module.name != "command.py" else set())
    assert not {name.split(".")[0] for name in imported} & forbidden


def test_python_m_tracker_counting_loads_neither_flask_nor_sqlalchemy_nor_click():
    script = (
        "import runpy, sys\n"
        f"sys.argv = ['tracker.counting', {str(MEETING)!r}, '--method', 'irv']\n"
        "try:\n"
        "    runpy.run_module('tracker.counting', run_name='__main__', alter_sys=True)\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & %r), file=sys.stderr)\n" % (WEB_PACKAGES | {"click"})
    )
    done = run([sys.executable, "-c", script])
    assert done.returncode == 0, done.stderr
    assert "Elected: Ben Brown" in done.stdout
    assert done.stderr == "[]\n"


def test_flask_count_builds_no_app_and_loads_no_database():
    script = (
        "import sys, flask.cli\n"
        f"sys.argv = ['flask', '--app', 'tracker', 'count', {str(MEETING)!r}, '--method', 'irv']\n"
        "try:\n"
        "    flask.cli.main()\n"
        "except SystemExit as exit:\n"
        "    assert exit.code in (0, None), exit.code\n"
        "loaded = {name.split('.')[0] for name in sys.modules} | {name for name in sys.modules if name.startswith('tracker.')}\n"
        "print(sorted(loaded & {'sqlalchemy', 'flask_sqlalchemy', 'alembic', 'flask_migrate', 'wtforms',"
        " 'tracker.app', 'tracker.extensions', 'tracker.results'}), file=sys.stderr)\n"
    )
    done = run([sys.executable, "-c", script])
    assert done.returncode == 0, done.stderr
    assert "Elected: Ben Brown" in done.stdout
    assert done.stderr == "[]\n"


@pytest.mark.parametrize("words, command", [
    (["--app", "tracker", "count", "f.blt", "--method", "irv"], "count"),
    (["-A", "tracker", "--debug", "count", "f.blt"], "count"),
    (["--app=tracker", "count"], "count"),
    (["-e", "count", "--app", "tracker", "routes"], "routes"),
    (["--app", "tracker", "--help", "count"], None),
    (["--app", "tracker"], None),
])
def test_create_app_reads_the_flask_command_from_the_command_line(monkeypatch, words, command):
    import click
    from flask.cli import FlaskGroup

    from tracker import _flask_command

    monkeypatch.setattr(sys, "argv", ["flask", *words])
    assert _flask_command() is None  # outside the Flask CLI
    with click.Context(FlaskGroup()):
        assert _flask_command() == command


def test_other_flask_commands_still_get_the_whole_app():
    done = run([sys.executable, "-m", "flask", "--app", "tracker", "--help"])
    assert done.returncode == 0, done.stderr
    assert "import-result" in done.stdout and "create-user" in done.stdout and "count" in done.stdout


# --- what they print ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [
    ["--method", "irv"],
    ["--method", "irv", "--json"],
    ["--method", "meek", "--seats", "2", "--seed", "7"],
    ["--method", "scottish-stv", "--seats", "2", "--min-women", "1", "--woman", "cat clark", "--json"],
], ids=["table", "json", "meek", "women"])
def test_both_commands_print_the_same_count(args):
    ours, flask = run(PYTHON_M, MEETING, *args), run(FLASK, MEETING, *args)
    assert ours.returncode == 0, ours.stderr
    assert (ours.stdout, ours.stderr, ours.returncode) == (flask.stdout, flask.stderr, flask.returncode)


def test_the_table_and_the_json_are_the_counts():
    election = read_blt(MEETING.read_text())
    table = run(PYTHON_M, MEETING, "--method", "irv").stdout
    assert table.startswith("Town 1 CLP meeting — Instant-runoff, 1 seat, valid votes 9.00000")
    assert "Stage 2: Exclusion of Cat Clark" in table
    assert table.endswith("Elected: Ben Brown\n")
    report = json.loads(run(PYTHON_M, MEETING, "--method", "scottish-stv", "--json").stdout)
    assert report == to_dict(count(election, "scottish-stv"))


@pytest.mark.parametrize("content, message", [
    ('3 1\n4 1 2 0\n3 2 x 0\n0\n"A"\n"B"\n"C"\n', "{path}, line 3: preference 'x' is not a number."),
    ('3 1\n4 1 2 0\n(7)\n0\n"A"\n"B"\n"C"\n', "{path}, line 3: a ballot identifier with no ballot after it."),
    ('3 1\n4 1 2 0\n0\n"A"\n', "{path}, line 4: too few names: 3 candidates but 1 quoted names."),
    (b"\xff\xfe3 1\n", "{path}: not UTF-8 text."),
], ids=["not-a-number", "lone-identifier", "too-few-names", "not-utf8"])
@pytest.mark.parametrize("command", [PYTHON_M, FLASK], ids=["python-m", "flask"])
def test_a_bad_file_is_named_with_its_line_and_exits_1(command, tmp_path, content, message):
    path = tmp_path / "bad.blt"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    done = run(command, path, "--method", "irv")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == message.format(path=path) + "\n"


@pytest.mark.parametrize("command", [PYTHON_M, FLASK], ids=["python-m", "flask"])
def test_a_count_that_cannot_be_made_says_why_and_exits_1(command):
    done = run(command, MEETING, "--method", "scottish-stv", "--seats", "2", "--min-women", "1")
    assert (done.returncode, done.stdout) == (1, "")
    assert done.stderr == (f"{MEETING}: At least 1 woman must be elected but only 0 are standing.\n"
                           "Name each woman standing with --woman NAME.\n")
    unknown = run(command, MEETING, "--method", "irv", "--woman", "Zed Zane")
    assert unknown.returncode == 1
    assert unknown.stderr == (f"{MEETING}: Zed Zane is not among the candidates in the file "
                              "(Ann Adams, Ben Brown, Cat Clark).\n")


@pytest.mark.parametrize("args, words", [
    (["--method", "irv"], "FILE"),
    ([MEETING], "--method"),
    ([MEETING, "--method", "borda"], "borda"),
    ([MEETING, "--method", "irv", "--seats", "0"], "0 is not in the range x>=1"),
    ([DATA / "missing.blt", "--method", "irv"], "does not exist"),
    ([DATA, "--method", "irv"], "is a directory"),
], ids=["no-file", "no-method", "unknown-method", "no-seats", "missing-file", "directory"])
@pytest.mark.parametrize("command", [PYTHON_M, FLASK], ids=["python-m", "flask"])
def test_usage_errors_exit_2_without_a_traceback(command, args, words):
    done = run(command, *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert words in done.stderr and "Traceback" not in done.stderr


def test_both_commands_take_the_same_options_with_the_same_help():
    flask_options = {param.opts[0]: param.help for param in count_command.params if param.opts[0].startswith("--")}
    our_options = {action.option_strings[-1]: action.help for action in parser()._actions
                   if action.option_strings and action.dest != "help"}
    assert flask_options == our_options == OPTIONS
