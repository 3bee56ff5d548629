"""Executes a notebook in a real Jupyter kernel with the recording stand-ins on PYTHONPATH.

Usage: run_notebook.py <notebook.ipynb> <record.jsonl> [<directory to run in>]
Prints one JSON line: {"ok": true} or {"ok": false, "error": "..."}.

The directory (default: the notebook's own; a fixed copy runs in its original's) is copied to a temporary directory and run there, so %%writefile and any
output files never touch the source tree. Package installs (%pip, !pip, %conda, !conda) and %matplotlib
(the CI image has no matplotlib) are replaced by `pass` on both sides alike: they set up an environment,
they log nothing, and they would need the network.
"""
import json
import os
import re
import shutil
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

HERE = os.path.dirname(os.path.abspath(__file__))
ENVIRONMENT_LINE = re.compile(r"^(\s*)(?:[%!]\s*(?:pip|conda)\s+install\b|%matplotlib\b).*$", re.M)


def neutralise_environment_lines(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = ENVIRONMENT_LINE.sub(r"\1pass", cell.source)


def main(notebook_path, record_path, directory):
    os.environ["PYTHONPATH"] = os.pathsep.join([os.path.join(HERE, "stubs")] + [p for p in [os.environ.get("PYTHONPATH")] if p])
    os.environ["NBLINT_PROOF_RECORD"] = os.path.abspath(record_path)
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"  # silences ipykernel's debugger warning
    open(record_path, "w").close()
    nb = nbformat.read(notebook_path, as_version=4)
    neutralise_environment_lines(nb)
    with tempfile.TemporaryDirectory(prefix="nblint-proof-") as work:
        cwd = os.path.join(work, "nb")
        shutil.copytree(directory, cwd, ignore=shutil.ignore_patterns(".git", "node_modules"))
        client = NotebookClient(nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": cwd}})
        try:
            client.execute()
        except Exception as error:  # a cell raised, or the kernel died
            return {"ok": False, "error": "%s: %s" % (type(error).__name__, str(error)[-2000:])}
    return {"ok": True}


if __name__ == "__main__":
    directory = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(sys.argv[1]))
    print(json.dumps(main(sys.argv[1], sys.argv[2], directory)))
