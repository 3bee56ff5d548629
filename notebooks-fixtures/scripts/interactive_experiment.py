from azureml.core import Experiment as Exp, Workspace

ws = Workspace.from_config()
exp = Exp(ws, name="script-experiment")
with exp.start_logging(snapshot_directory=None) as run:
    run.log("n_rows", 1000)
