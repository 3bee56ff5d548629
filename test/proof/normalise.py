"""Turns a recording (JSON lines written by the stubs) into the facts a migration must keep.

Usage: normalise.py <record.jsonl>  → prints one JSON object.

Both SDKs' calls map to the same facts by the documented migration map (shared/spec/migration-map.md);
this is the only place where v1 and MLflow meet, so each mapping is written out here, not hidden in a stub:
  metrics    "<run>/<name>" → [[value, step], ...] in call order. bool → int (v1 `run.log("a", True)` and
             MLflow `log_metric("a", 1)` are both 1); step is the explicit step or null; v1 `log_list` values are
             steps 0..n-1; v1 `log_row(name, **cols)` logs metric "name.col"; MLflow `log_metrics(d)` logs each key.
             A v1 `description` (3rd positional of `log`) is not a fact: MLflow has none.
  texts      "<run>/<artifact file>" → [content, ...]. v1 `run.log(name, "text")` is text artifact "name.txt", and v1
             keeps every value logged under a name (each call appends); an MLflow `log_text` file holds the last
             text written to it (each call replaces), so a migration that overwrites a value shows up here.
             A v1 name becomes a file name as the rules write it: characters other than [A-Za-z0-9._-] become "_"
             (rules/helpers/artifacts/artifact-file.ts, sanitizeFileName), for texts, dicts and figures alike.
  dicts      "<run>/<artifact file>" → content. v1 `log_table` / `log_confusion_matrix` / ... is "name.json"
             (a JSON string value is parsed).
  artifacts  "<run>/<artifact path>" → sha256 of the file (v1 `upload_file(name, path)` stores at `name`;
             MLflow `log_artifact(p, artifact_path=d)` at `d/basename(p)`; folders file by file).
  figures    "<run>/<artifact file>" → sha256 of what the figure's savefig() wrote (the stubs record it). v1
             `log_image(name, plot=...)` is "name.png"; MLflow `log_figure(fig, file)` is "file".
  params     MLflow `log_params(d)` (the migrated `for k, v in vars(args).items(): run.log(k, v)` loop) makes, for each
             key, the fact v1's `run.log(k, v)` made: the same value, under the same name.
  tags       "<run>/<key>" → str(value) (both SDKs store strings; v1 `tag(key)` has value "").
  experiments  names runs were started in (each once); statuses: "<run>" → FINISHED / FAILED / KILLED.
  other      any call not listed above, kept as is, so an unexpected call shows up as a difference.
"""
import json
import posixpath
import re
import sys

V1_STATUS = {"complete": "FINISHED", "fail": "FAILED", "cancel": "KILLED"}
V1_JSON_ARTIFACTS = {"log_table", "log_confusion_matrix", "log_accuracy_table", "log_predictions", "log_residuals"}


def file_name(name):
    """rules/helpers/artifacts/artifact-file.ts sanitizeFileName: the file a v1 name is written to."""
    safe = re.sub(r"\.{2,}", "_", re.sub(r"^\.+|\.+$", "", re.sub(r"[^A-Za-z0-9._-]", "_", str(name))))
    return safe or "metric"


def artifact_file(name, extension):
    """rules/helpers/artifacts/artifact-file.ts fileFromTemplate: "name.png", the extension kept once ("acc.png" stays "acc.png")."""
    safe = file_name(name)
    return safe if safe.lower().endswith(extension) and len(safe) > len(extension) else safe + extension


def number(value):
    return int(value) if isinstance(value, bool) else value


def arg(entry, index, name, default=None):
    args, kwargs = entry["args"], entry["kwargs"]
    if len(args) > index:
        return args[index]
    return kwargs.get(name, default)


class Facts:
    def __init__(self):
        self.metrics, self.texts, self.dicts, self.artifacts = {}, {}, {}, {}
        self.figures, self.tags, self.statuses = {}, {}, {}
        self.experiments, self.other = [], []

    def metric(self, run, name, value, step=None):
        self.metrics.setdefault("%s/%s" % (run, name), []).append([number(value), step])

    def as_json(self):
        out = {k: v for k, v in vars(self).items()}
        # Which experiments runs went to: v1 names one per start_logging(), MLflow one per set_experiment().
        out["experiments"] = sorted(set(self.experiments))
        return out


def v1_log(facts, run, name, value, step=None):
    """The fact of v1 `run.log(name, value)`: a text artifact for a str, else a metric."""
    if isinstance(value, str):
        facts.texts.setdefault("%s/%s" % (run, artifact_file(name, ".txt")), []).append(value)
    else:
        facts.metric(run, name, value, step)


def v1(facts, entry, call, run):
    if call == "log":
        v1_log(facts, run, arg(entry, 0, "name"), arg(entry, 1, "value"), arg(entry, 3, "step"))
    elif call == "log_list":
        for step, value in enumerate(arg(entry, 1, "value") or []):
            facts.metric(run, arg(entry, 0, "name"), value, step)
    elif call == "log_row":
        for column, value in entry["kwargs"].items():
            if column not in ("name", "description"):  # log_row(name="t", description="d", **columns)
                facts.metric(run, "%s.%s" % (arg(entry, 0, "name"), column), value)
    elif call in V1_JSON_ARTIFACTS:
        value = arg(entry, 1, "value")
        facts.dicts["%s/%s" % (run, artifact_file(arg(entry, 0, "name"), ".json"))] = json.loads(value) if isinstance(value, str) else value
    elif call == "log_image" and entry["kwargs"].get("path"):
        facts.artifacts["%s/%s" % (run, posixpath.basename(entry["kwargs"]["path"]))] = entry.get("file")
    elif call == "log_image":
        facts.figures["%s/%s" % (run, artifact_file(arg(entry, 0, "name"), ".png"))] = entry.get("figure")
    elif call == "upload_file":
        facts.artifacts["%s/%s" % (run, entry["args"][0])] = entry.get("file")
    elif call == "upload_folder":
        for rel, digest in (entry.get("file") or {}).items():
            facts.artifacts["%s/%s" % (run, posixpath.join(entry["args"][0], rel))] = digest
    elif call == "tag":
        value = arg(entry, 1, "value")
        facts.tags["%s/%s" % (run, arg(entry, 0, "key"))] = "" if value is None else str(value)
    elif call in ("set_tags", "add_properties"):
        for key, value in (arg(entry, 0, "tags") or arg(entry, 0, "properties") or {}).items():
            facts.tags["%s/%s" % (run, key)] = str(value)
    elif call in V1_STATUS:
        facts.statuses[run] = V1_STATUS[call]
    else:
        facts.other.append(entry)


def mlflow(facts, entry, call, run):
    if call == "log_metric":
        facts.metric(run, arg(entry, 0, "key"), arg(entry, 1, "value"), arg(entry, 2, "step"))
    elif call == "log_metrics":
        for key, value in arg(entry, 0, "metrics").items():
            facts.metric(run, key, value, arg(entry, 1, "step"))
    elif call == "log_text":
        facts.texts["%s/%s" % (run, arg(entry, 1, "artifact_file"))] = [arg(entry, 0, "text")]
    elif call == "log_dict":
        facts.dicts["%s/%s" % (run, arg(entry, 1, "artifact_file"))] = arg(entry, 0, "dictionary")
    elif call == "log_figure":
        facts.figures["%s/%s" % (run, arg(entry, 1, "artifact_file"))] = entry.get("figure")
    elif call == "log_artifact":
        where = entry["kwargs"].get("artifact_path") or ""
        facts.artifacts["%s/%s" % (run, posixpath.join(where, posixpath.basename(entry["args"][0])))] = entry.get("file")
    elif call == "log_artifacts":
        where = entry["kwargs"].get("artifact_path") or ""
        for rel, digest in (entry.get("file") or {}).items():
            facts.artifacts["%s/%s" % (run, posixpath.join(where, rel))] = digest
    elif call == "log_params":
        # The migration of `for key, value in vars(args).items(): run.log(key, value)`: each param holds the value
        # v1 logged under its name, so it stands for that v1 fact.
        for key, value in arg(entry, 0, "params").items():
            v1_log(facts, run, key, value)
    elif call == "set_tag":
        facts.tags["%s/%s" % (run, arg(entry, 0, "key"))] = str(arg(entry, 1, "value"))
    elif call == "set_tags":
        for key, value in arg(entry, 0, "tags").items():
            facts.tags["%s/%s" % (run, key)] = str(value)
    elif call == "end_run":
        facts.statuses[run] = entry["kwargs"]["status"]
    elif call == "set_experiment":
        facts.experiments.append(arg(entry, 0, "experiment_name"))
    elif call == "start_run":
        pass  # which run a call went to is in every record's "run"
    else:
        facts.other.append(entry)


def normalise(lines):
    facts = Facts()
    for line in lines:
        entry = json.loads(line)
        sdk, call, run = entry["sdk"], entry["call"], entry.get("run", "root")
        if sdk == "azureml" and call == "Experiment.start_logging":
            facts.experiments.append(entry["args"][0])
        elif sdk == "azureml":
            v1(facts, entry, call[len("Run."):], run)
        else:
            mlflow(facts, entry, call, run)
    return facts.as_json()


if __name__ == "__main__":
    with open(sys.argv[1], encoding="utf-8") as handle:
        json.dump(normalise(handle), sys.stdout, indent=1, sort_keys=True)
