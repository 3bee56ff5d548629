import mlflow

for epoch in range(3):
    mlflow.log_metric("loss", 1.0 / (epoch + 1), step=epoch)
