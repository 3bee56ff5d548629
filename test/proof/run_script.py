"""Runs a Python script with the recording stand-ins on PYTHONPATH.

Usage: run_script.py <script.py> <record.jsonl> [<directory to run in>]
Prints one JSON line: {"ok": true} or {"ok": false, "error": "..."}.
The directory (default: the script's own; a fixed copy runs in its original's) is copied to a temporary
directory and the script runs there, with no arguments.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def main(script_path, record_path, directory):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([os.path.join(HERE, "stubs")] + [p for p in [env.get("PYTHONPATH")] if p])
    env["NBLINT_PROOF_RECORD"] = os.path.abspath(record_path)
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    open(record_path, "w").close()
    with tempfile.TemporaryDirectory(prefix="nblint-proof-") as work:
        cwd = os.path.join(work, "src")
        shutil.copytree(directory, cwd, ignore=shutil.ignore_patterns(".git", "node_modules"))
        # The copy under test replaces the original (the fixed text may live outside the tree).
        target = os.path.join(cwd, "__proof_main__.py")
        shutil.copyfile(script_path, target)
        done = subprocess.run([sys.executable, target], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        return {"ok": False, "error": done.stderr[-2000:]}
    return {"ok": True}


if __name__ == "__main__":
    directory = sys.argv[3] if len(sys.argv) > 3 else os.path.dirname(os.path.abspath(sys.argv[1]))
    print(json.dumps(main(sys.argv[1], sys.argv[2], directory)))
