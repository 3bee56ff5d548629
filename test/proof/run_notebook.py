"""Executes a notebook in a real Jupyter kernel with the recording stand-ins on PYTHONPATH.

Usage: run_notebook.py <notebook.ipynb> <record.jsonl> [<directory to run in>]
Prints one JSON line: {"ok": true} or {"ok": false, "error": "..."}.

The directory (default: the notebook's own; a fixed copy runs in its original's) is copied to a temporary directory and run there, so %%writefile and any
output files never touch the source tree. Package installs (%pip, !pip, %conda, !conda) and %matplotlib
(the CI image has no matplotlib) are replaced by `pass` on both sides alike: they set up an environment,
they log nothing, and they would need the network.
A cell that CPython cannot even compile (a fixture's deliberate syntax error) is allowed to fail, on both
sides; check_fixed.py is what proves that a fix never breaks a cell.
Each `%%writefile <name>.py` cell writes a job script that the notebook never runs itself: after the notebook,
each such script is run with python3 in the same directory, so its logging is recorded and compared too.
A kernel that dies or does not answer at start (it happens under machine load) is retried once, from scratch
(fresh copy, fresh kernel, empty record); a cell that raises is never retried.
"""
import ast
import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from check_fixed import python_of_cell  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ENVIRONMENT_LINE = re.compile(r"^(\s*)(?:[%!]\s*(?:pip|conda)\s+install\b|%matplotlib\b).*$", re.M)
# What jupyter_client raises when the kernel it started never answers kernel_info.
KERNEL_START_FAILURES = ("Kernel died before replying to kernel_info", "Kernel didn't respond")


def neutralise_environment_lines(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = ENVIRONMENT_LINE.sub(r"\1pass", cell.source)


def allow_uncompilable_cells(nb):
    for cell in nb.cells:
        python = python_of_cell(cell.source) if cell.cell_type == "code" else None
        if python is None:
            continue
        try:
            ast.parse(python)
        except SyntaxError:
            cell.metadata.setdefault("tags", []).append("raises-exception")  # nbclient's per-cell allow-errors


def main(notebook_path, record_path, directory):
    os.environ["PYTHONPATH"] = os.pathsep.join([os.path.join(HERE, "stubs")] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    os.environ["NBLINT_PROOF_RECORD"] = os.path.abspath(record_path)
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences ipykernel's debugger warning
    nb = nbformat.read(notebook_path, as_version=4)
    neutralise_environment_lines(nb)
    allow_uncompilable_cells(nb)
    first_failure = None
    for attempt in (1, 2):
        try:
            return run_once(copy.deepcopy(nb), record_path, directory)
        except Exception as error:  # a cell raised, or the kernel died
            if attempt == 1 and kernel_failed(error):
                first_failure = describe(error, 300)
                print("run_notebook.py: %s: %s; retrying once with a fresh kernel" % (notebook_path, first_failure), file=sys.stderr)
                continue
            retried = " (retried after: %s)" % first_failure if first_failure else ""
            return {"ok": False, "error": describe(error, 2000) + retried}


def kernel_failed(error):
    """The kernel died or never answered (machine load), as opposed to a cell raising or timing out."""
    return isinstance(error, DeadKernelError) or (type(error) is RuntimeError and str(error).startswith(KERNEL_START_FAILURES))


def describe(error, limit):
    plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # tracebacks come coloured
    return "%s: %s" % (type(error).__name__, plain[-limit:])


def run_once(nb, record_path, directory):
    """One run in a fresh copy of the directory and a fresh kernel; the record restarts empty."""
    open(record_path, "w").close()
    with tempfile.TemporaryDirectory(prefix="nblint-proof-") as work:
        cwd = os.path.join(work, "nb")
        shutil.copytree(directory, cwd, ignore=shutil.ignore_patterns(".git", "node_modules"))
        NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": cwd}}).execute()
        for script in written_scripts(nb):
            done = subprocess.run([sys.executable, script], cwd=cwd, capture_output=True, text=True, timeout=120)
            if done.returncode != 0:
                return {"ok": False, "error": "%%%%writefile %s: %s" % (script, done.stderr[-2000:])}
    return {"ok": True}


def written_scripts(nb):
    """Python files written by %%writefile cells, in cell order, each once."""
    out = []
    for cell in nb.cells:
        first = cell.source.split("\n", 1)[0].split() if cell.cell_type == "code" else []
        if len(first) >= 2 and first[0] == "%%writefile" and first[-1].endswith(".py") and first[-1] not in out:
            out.append(first[-1])
    return out


if __name__ == "__main__":
    directory = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(sys.argv[1]))
    print(json.dumps(main(sys.argv[1], sys.argv[2], directory)))
