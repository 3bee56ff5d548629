"""Training script with argparse hyperparameters, written as Azure ML v1 samples write them."""
import mlflow
import argparse
import statistics

from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--optimizer", type=str, default="sgd", choices=["sgd", "adam"])
parser.add_argument("--learning-rate", type=float, default=0.01)
parser.add_argument("--epochs", type=int, default=3)
parser.add_argument("--momentum", type=float)
parser.add_argument("--early-stopping", action="store_true")
args = parser.parse_args()

run = Run.get_context()
# Hyperparameters of every type: MLflow's log_metric would raise on "sgd", False and None.
mlflow.log_params(vars(args))
mlflow.log_text(args.optimizer, "opt.txt")
mlflow.log_metric("lr", args.learning_rate)
mlflow.log_metric("stops_early", int(args.early_stopping))
run.log("beta", args.momentum)

run.log("stage", "training")
losses = []
for epoch in range(args.epochs):
    loss = 1.0 / (epoch + 1)
    losses.append(loss)
    mlflow.log_metric("loss", loss, step=epoch)


def evaluate(values):
    return statistics.mean(values)


scores = {"mean_loss": evaluate(losses), "last_loss": losses[-1]}
for name, score in scores.items():
    mlflow.log_metric(name, score)
mlflow.log_metrics({"checks.converged": int(losses[-1] < 0.5), "checks.diverged": 0, "checks.n_iter": len(losses)})
run.log("stage", "evaluated")
mlflow.end_run()
