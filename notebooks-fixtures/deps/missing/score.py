import mlflow

mlflow.log_metric("latency_ms", 12.5)
