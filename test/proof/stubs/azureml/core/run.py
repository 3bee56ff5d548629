"""Stand-in for azureml.core.run: a Run that records every logging call, and which run it went to."""
from _proof_recorder import file_digests, record, saved_figure_digest


class Run:
    """label says which run a call went to: 'root' (start_logging, get_context), 'child:<name>', 'parent', 'remote'."""

    def __init__(self, experiment=None, run_id=None, label="remote", **kwargs):
        self.experiment = experiment
        self.id = run_id or label
        self._label = label

    @classmethod
    def get_context(cls, allow_offline=True, **kwargs):
        return cls(label="root")

    @property
    def parent(self):
        return Run(self.experiment, label="parent")

    def _record(self, call, args, kwargs, **extra):
        record("azureml", "Run." + call, args, kwargs, run=self._label, **extra)

    def log(self, *args, **kwargs):
        self._record("log", args, kwargs)

    def log_list(self, *args, **kwargs):
        self._record("log_list", args, kwargs)

    def log_row(self, *args, **kwargs):
        self._record("log_row", args, kwargs)

    def log_table(self, *args, **kwargs):
        self._record("log_table", args, kwargs)

    def log_image(self, name, path=None, plot=None, description=""):
        self._record(
            "log_image",
            [name],
            {"path": path, "plot": plot},
            file=file_digests(path) if path else None,
            figure=saved_figure_digest(plot) if plot is not None else None,
        )

    def log_confusion_matrix(self, *args, **kwargs):
        self._record("log_confusion_matrix", args, kwargs)

    def log_accuracy_table(self, *args, **kwargs):
        self._record("log_accuracy_table", args, kwargs)

    def log_predictions(self, *args, **kwargs):
        self._record("log_predictions", args, kwargs)

    def log_residuals(self, *args, **kwargs):
        self._record("log_residuals", args, kwargs)

    def upload_file(self, name, path_or_stream):
        self._record("upload_file", [name, path_or_stream], {}, file=file_digests(path_or_stream))

    def upload_folder(self, name, path):
        self._record("upload_folder", [name, path], {}, file=file_digests(path))

    def tag(self, *args, **kwargs):
        self._record("tag", args, kwargs)

    def set_tags(self, *args, **kwargs):
        self._record("set_tags", args, kwargs)

    def add_properties(self, *args, **kwargs):
        self._record("add_properties", args, kwargs)

    def complete(self, *args, **kwargs):
        self._record("complete", args, kwargs)

    def fail(self, *args, **kwargs):
        self._record("fail", args, kwargs)

    def cancel(self, *args, **kwargs):
        self._record("cancel", args, kwargs)

    def child_run(self, name=None, **kwargs):
        return Run(self.experiment, label="child:%s" % name)

    def get_metrics(self, *args, **kwargs):
        return {}

    def get_file_names(self):
        return []

    def get_portal_url(self):
        # A read, like get_metrics(): not a logging fact.
        return "https://ml.azure.com/runs/%s" % self.id

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        # v1 completes (or fails) a run used as a context manager.
        self._record("fail" if exc_type else "complete", [], {})
        return False

    def __getattr__(self, name):
        # Anything else is recorded too, so a call the fixer changed or dropped cannot go unnoticed.
        if name.startswith("_"):
            raise AttributeError(name)
        return lambda *args, **kwargs: self._record(name, args, kwargs)
