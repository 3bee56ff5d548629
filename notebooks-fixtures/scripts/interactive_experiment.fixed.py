import mlflow
from azureml.core import Workspace

ws = Workspace.from_config()
exp = mlflow.set_experiment("script-experiment")
with mlflow.start_run() as run:
    mlflow.log_metric("n_rows", 1000)
