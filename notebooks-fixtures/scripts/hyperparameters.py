"""Training script with argparse hyperparameters, written as Azure ML v1 samples write them."""
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
for key, value in vars(args).items():
    run.log(key, value)
run.log("opt", args.optimizer)
run.log("lr", args.learning_rate)
run.log("stops_early", args.early_stopping)
run.log("beta", args.momentum)

run.log("stage", "training")
losses = []
for epoch in range(args.epochs):
    loss = 1.0 / (epoch + 1)
    losses.append(loss)
    run.log("loss", loss, step=epoch)


def evaluate(values):
    return statistics.mean(values)


scores = {"mean_loss": evaluate(losses), "last_loss": losses[-1]}
for name, score in scores.items():
    run.log(name, score)
run.log_row("checks", converged=losses[-1] < 0.5, diverged=False, n_iter=len(losses))
run.log("stage", "evaluated")
run.complete()
