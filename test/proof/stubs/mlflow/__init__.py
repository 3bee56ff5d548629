"""Recording stand-in for mlflow's fluent API (proof harness only).

Like MLflow, it keeps a stack of active runs: a logging call with no active run starts one, and
start_run(nested=True) opens a child. Each record says which run a call went to: 'root' or 'child:<run_name>'.

It is as strict as MLflow 2.x (mlflow/utils/validation.py): a metric value must be a number and not a bool, keys
must match MLflow's name rules, a param may not be logged again in a run with another value, log_text takes a
str. So a migrated call that would raise under MLflow raises here too, and the proof sees it.
"""
import numbers
import posixpath
import re

from _proof_recorder import file_digests, record, saved_figure_digest

_active = []
_runs = {}  # run id -> its ActiveRun, for the reads (get_run)
_experiment_id = None  # the current experiment's id (its name here), set by set_experiment
# (run, key) -> the value as MLflow stores it (str): re-logging another value raises, as MLflow does.
_params = {}
_VALID_NAME = re.compile(r"^[/\w.\- :]*$")


class MlflowException(Exception):
    pass


def _check_key(kind, key):
    norm = posixpath.normpath(key) if isinstance(key, str) else None
    if not isinstance(key, str) or not _VALID_NAME.match(key) or norm != key or norm == "." or norm.startswith(("..", "/")):
        raise MlflowException("Invalid %s name: %r" % (kind, key))
    if len(key) > 250:
        raise MlflowException("%s name %r is longer than 250 characters" % (kind, key))


def _check_metric(key, value):
    _check_key("metric", key)
    # MLflow's _is_numeric: bools are numbers.Number in Python but not metric values.
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        raise MlflowException("Got invalid value %r for metric %r. Please specify value as a valid double" % (value, key))


def _check_param(key, value):
    _check_key("param", key)
    slot = (_active[-1].label if _active else "root", key)
    if slot in _params and _params[slot] != str(value):
        raise MlflowException("Changing param values is not allowed. Param with key=%r was already logged with value=%r" % (key, _params[slot]))
    _params[slot] = str(value)


class ActiveRun:
    """MLflow's ActiveRun and its RunInfo in one: `run.info.run_id`, `run.info.experiment_id`, `run.data.metrics`."""

    def __init__(self, label, experiment_id=None):
        self.label = label
        self.info = self
        self.data = self
        self.experiment_id = experiment_id if experiment_id is not None else _experiment_id
        self.metrics = {}

    @property
    def run_id(self):
        return self.label

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # As MLflow 2.x does: a run already ended inside its block (`mlflow.end_run()`) is not ended again.
        if self in _active:
            end_run("FAILED" if exc_type else "FINISHED")
        return False


def _run():
    if not _active:
        _active.append(ActiveRun("root"))
        _runs["root"] = _active[-1]
    return _active[-1].label


def _log(call, args, kwargs, **extra):
    run_id = kwargs.get("run_id")
    record("mlflow", call, args, kwargs, run=run_id if run_id else _run(), **extra)


def start_run(run_id=None, experiment_id=None, run_name=None, nested=False, **kwargs):
    label = "child:%s" % run_name if _active and nested else "root"
    record("mlflow", "start_run", [], {"run_id": run_id, "run_name": run_name, "nested": nested}, run=label)
    _active.append(ActiveRun(label, experiment_id))
    _runs[label] = _active[-1]
    return _active[-1]


def end_run(status="FINISHED"):
    if _active:
        record("mlflow", "end_run", [], {"status": status}, run=_active.pop().label)


def active_run():
    return _active[-1] if _active else None


class Experiment:
    def __init__(self, name):
        self.name = name
        self.experiment_id = name


def set_experiment(experiment_name=None, experiment_id=None):
    global _experiment_id
    record("mlflow", "set_experiment", [experiment_name], {"experiment_id": experiment_id})
    _experiment_id = experiment_name or experiment_id
    return Experiment(_experiment_id)


# Reads (not logging facts, so not recorded), strict as MLflow: an unknown id raises.
def get_experiment(experiment_id):
    if experiment_id is None:
        raise MlflowException("No experiment with id None")
    return Experiment(experiment_id)


def get_run(run_id):
    if run_id not in _runs:
        raise MlflowException("Run %r not found" % run_id)
    return _runs[run_id]


def set_tracking_uri(*args, **kwargs):
    pass


def get_tracking_uri():
    return "azureml://proof"


def log_metric(key, value, step=None, **kwargs):
    _check_metric(key, value)
    _log("log_metric", [key, value], dict(kwargs, step=step) if step is not None else kwargs)


def log_metrics(metrics, step=None, **kwargs):
    for key, value in metrics.items():
        _check_metric(key, value)
    _log("log_metrics", [metrics], dict(kwargs, step=step) if step is not None else kwargs)


def log_param(key, value, **kwargs):
    _check_param(key, value)
    _log("log_param", [key, value], kwargs)


def log_params(params, **kwargs):
    for key, value in params.items():
        _check_param(key, value)
    _log("log_params", [params], kwargs)


def log_text(text, artifact_file, **kwargs):
    if not isinstance(text, str):
        raise TypeError("write() argument must be str, not %s" % type(text).__name__)
    _log("log_text", [text, artifact_file], kwargs)


def log_dict(*args, **kwargs):
    _log("log_dict", args, kwargs)


def log_figure(figure, artifact_file, **kwargs):
    _log("log_figure", [figure, artifact_file], kwargs, figure=saved_figure_digest(figure))


def log_image(*args, **kwargs):
    _log("log_image", args, kwargs)


def log_artifact(local_path, artifact_path=None, **kwargs):
    _log("log_artifact", [local_path], dict(kwargs, artifact_path=artifact_path), file=file_digests(local_path))


def log_artifacts(local_dir, artifact_path=None, **kwargs):
    _log("log_artifacts", [local_dir], dict(kwargs, artifact_path=artifact_path), file=file_digests(local_dir))


def set_tag(*args, **kwargs):
    _log("set_tag", args, kwargs)


def set_tags(*args, **kwargs):
    _log("set_tags", args, kwargs)


def autolog(*args, **kwargs):
    pass


def __getattr__(name):
    # Any other fluent call is recorded, so nothing the fixer emits goes unnoticed.
    if name.startswith("_"):
        raise AttributeError(name)
    return lambda *args, **kwargs: _log(name, args, kwargs)
