import argparse

import mlflow

parser = argparse.ArgumentParser()
parser.add_argument("--iris-csv", type=str)
args, _ = parser.parse_known_args()

mlflow.autolog()
mlflow.log_param("iris_csv", args.iris_csv)
mlflow.log_metric("training_accuracy_score", 0.97)
