"""Recording stand-in for azureml.core (proof harness only): enough of the v1 SDK to run the fixtures offline."""
from _proof_recorder import record

from .run import Run

VERSION = "1.0.proof"


class Workspace:
    def __init__(self, *args, **kwargs):
        self.name = kwargs.get("workspace_name", "workspace")
        self.location = "westeurope"
        self.subscription_id = "00000000-proof"
        self.resource_group = "proof-rg"

    @classmethod
    def from_config(cls, *args, **kwargs):
        return cls()

    @classmethod
    def get(cls, *args, **kwargs):
        return cls()

    def get_mlflow_tracking_uri(self):
        return "azureml://proof"


class Experiment:
    def __init__(self, workspace=None, name=None, **kwargs):
        self.workspace = workspace
        self.name = name

    def start_logging(self, *args, **kwargs):
        record("azureml", "Experiment.start_logging", [self.name], kwargs, run="root")
        return Run(self, label="root")

    def submit(self, *args, **kwargs):
        return Run(self, label="remote")


class ScriptRunConfig:
    def __init__(self, *args, **kwargs):
        pass


class Environment:
    def __init__(self, *args, **kwargs):
        pass

    @classmethod
    def from_conda_specification(cls, *args, **kwargs):
        return cls()
