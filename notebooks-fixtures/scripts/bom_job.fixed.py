import mlflow

# Saved by a Windows editor: this file starts with a UTF-8 byte order mark.
mlflow.log_metric("rows_scored", 1200)
mlflow.log_metric("mean_score", 0.73)
