"""Training script submitted as an Azure ML v1 job."""
import argparse

from azureml.core import Run

parser = argparse.ArgumentParser()
parser.add_argument("--alpha", type=float, default=0.5)
args = parser.parse_args()

run = Run.get_context()
run.log("alpha", args.alpha)
for epoch in range(3):
    run.log("loss", 1.0 / (epoch + 1), step=epoch)
run.log("optimizer", "sgd")
run.log("description_dropped", 0.5, "a v1 description")
run.parent.log("best_alpha", args.alpha)
run.complete()
