"""Training script submitted as an Azure ML v1 job."""
import mlflow
import argparse

from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float, default=0.5)
args = parser.parse_args()

run = Run.get_context()
mlflow.log_metric("alpha", args.alpha)
for epoch in range(3):
    mlflow.log_metric("loss", 1.0 / (epoch + 1), step=epoch)
mlflow.log_text("sgd", "optimizer.txt")
mlflow.log_metric("description_dropped", 0.5)
run.parent.log("best_alpha", args.alpha)
mlflow.end_run()
