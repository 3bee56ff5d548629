from azureml.core import Run

# Saved by a Windows editor: this file starts with a UTF-8 byte order mark.
run = Run.get_context()
run.log("rows_scored", 1200)
run.log("mean_score", 0.73)
