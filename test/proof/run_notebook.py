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
"""
import ast
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from check_fixed import python_of_cell  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ENVIRONMENT_LINE = re.compile(r"^(\s*)(?:[%!]\s*(?:pip|conda)\s+install\b|%matplotlib\b).*$", re.M)


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
    open(record_path, "w").close()
    nb = nbformat.read(notebook_path, as_version=4)
    neutralise_environment_lines(nb)
    allow_uncompilable_cells(nb)
    with tempfile.TemporaryDirectory(prefix="nblint-proof-") as work:
        cwd = os.path.join(work, "nb")
        shutil.copytree(directory, cwd, ignore=shutil.ignore_patterns(".git", "node_modules"))
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": cwd}})
        try:
            client.execute()
        except Exception as error:  # a cell raised, or the kernel died
            plain = re.sub(r"\x1b\[[0-9;]*m", "", str(error))  # tracebacks come coloured
            return {"ok": False, "error": "%s: %s" % (type(error).__name__, plain[-2000:])}
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
