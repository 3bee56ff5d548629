"""Shared by the azureml and mlflow stand-ins: appends one JSON line per call to $NBLINT_PROOF_RECORD.

It records what the code passed (arguments as given, file contents as hashes), never what it means:
turning v1 calls and MLflow calls into comparable facts is normalise.py's job, in the open.
"""
import hashlib
import io
import json
import os


def jsonable(value):
    """Arguments as JSON; what JSON cannot hold (a figure, a module) is recorded by its type name."""
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (list, tuple)):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if hasattr(value, "tolist"):  # numpy arrays and scalars
        return jsonable(value.tolist())
    if hasattr(value, "__iter__") and not hasattr(value, "read"):
        return [jsonable(v) for v in value]
    return {"$type": type(value).__name__}


def file_digests(path):
    """sha256 of a file, or of every file under a directory (relative posix path -> digest)."""
    if os.path.isdir(path):
        out = {}
        for root, _, files in os.walk(path):
            for name in files:
                full = os.path.join(root, name)
                out[os.path.relpath(full, path).replace(os.sep, "/")] = _sha256(full)
        return out
    return _sha256(path) if os.path.exists(path) else None


def saved_figure_digest(plot):
    """sha256 of what `plot.savefig()` writes: both SDKs save a figure that way (v1 `log_image(plot=...)` calls it on
    the object it is given, the pyplot module saving its current figure), so a migration that logs another figure
    (a new, empty one) shows up as a different digest."""
    buffer = io.BytesIO()
    plot.savefig(buffer, format="png")
    return hashlib.sha256(buffer.getvalue()).hexdigest()


def _sha256(path):
    with open(path, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()


def record(sdk, call, args=(), kwargs=None, run=None, **extra):
    target = os.environ.get("NBLINT_PROOF_RECORD")
    if not target:
        return
    entry = {"sdk": sdk, "call": call, "args": jsonable(list(args)), "kwargs": jsonable(kwargs or {})}
    if run is not None:
        entry["run"] = run
    entry.update({k: jsonable(v) for k, v in extra.items()})
    with open(target, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(entry, sort_keys=True) + "\n")
