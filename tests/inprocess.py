"""`enlace ...` run inside the test process: handlers.cli.main (what the installed `enlace` command calls)
with the given environment, working directory and standard input, its output captured.

A process costs 1.5-2 s of imports; this costs what the command itself does. Tests whose subject is the
process (signals, exit on a kill, the installed entry point, gunicorn) still start a real one.
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import subprocess
import sys
import traceback
from collections.abc import Mapping
from pathlib import Path

from tests.conftest import ROOT


def enlace(
    *args: str, env: Mapping[str, str], cwd: Path = ROOT, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    """What `subprocess.run(["enlace", *args], env=env, cwd=cwd, input=stdin, ...)` would return: the exit
    code, stdout and stderr. os.environ is exactly `env` meanwhile (settings read it, and .env in `cwd`).
    An exception escaping main() is printed as the traceback a process would die with (exit 1); warnings
    logged meanwhile reach stderr, as Python's last-resort handler would print them."""
    from handlers.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd, saved_stdin = dict(os.environ), Path.cwd(), sys.stdin
    to_stderr = logging.StreamHandler(err)
    to_stderr.setLevel(logging.WARNING)
    root = logging.getLogger()
    os.environ.clear()
    os.environ.update(env)
    os.chdir(cwd)
    sys.stdin = io.StringIO(stdin)
    root.addHandler(to_stderr)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(args))
            except SystemExit as done:  # argparse's usage errors, sys.exit
                code = _exit_code(done.code, err)
            except Exception:
                traceback.print_exc(file=err)
                code = 1
    finally:
        root.removeHandler(to_stderr)
        sys.stdin = saved_stdin
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return subprocess.CompletedProcess(["enlace", *args], code, out.getvalue(), err.getvalue())


def _exit_code(code: object, err: io.StringIO) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=err)  # sys.exit("message"): printed, exit 1
    return 1
