"""Recording stand-in for mlflow's fluent API (proof harness only).

Like MLflow, it keeps a stack of active runs: a logging call with no active run starts one, and
start_run(nested=True) opens a child. Each record says which run a call went to: 'root' or 'child:<run_name>'.
"""

from _proof_recorder import file_digests, record, saved_figure_digest

_active = []


class ActiveRun:
    def __init__(self, label):
        self.label = label
        self.info = self

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
    return _active[-1].label


def _log(call, args, kwargs, **extra):
    run_id = kwargs.get("run_id")
    record("mlflow", call, args, kwargs, run=run_id if run_id else _run(), **extra)


def start_run(run_id=None, experiment_id=None, run_name=None, nested=False, **kwargs):
    label = "child:%s" % run_name if _active and nested else "root"
    record("mlflow", "start_run", [], {"run_id": run_id, "run_name": run_name, "nested": nested}, run=label)
    _active.append(ActiveRun(label))
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
    record("mlflow", "set_experiment", [experiment_name], {"experiment_id": experiment_id})
    return Experiment(experiment_name or experiment_id)


def set_tracking_uri(*args, **kwargs):
    pass


def get_tracking_uri():
    return "azureml://proof"


def log_metric(*args, **kwargs):
    _log("log_metric", args, kwargs)


def log_metrics(*args, **kwargs):
    _log("log_metrics", args, kwargs)


def log_param(*args, **kwargs):
    _log("log_param", args, kwargs)


def log_params(*args, **kwargs):
    _log("log_params", args, kwargs)


def log_text(*args, **kwargs):
    _log("log_text", args, kwargs)


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
