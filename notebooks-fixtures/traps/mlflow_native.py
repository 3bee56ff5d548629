import mlflow

with mlflow.start_run() as run:
    mlflow.log_metric("rmse", 0.12)
    mlflow.log_text("linear", "model.txt")
    print(run.info.run_id)
