import mlflow
import argparse


parser = argparse.ArgumentParser()
parser.add_argument('--alpha', type=float, default=0.1)
args, _ = parser.parse_known_args()

mlflow.log_metric('alpha', args.alpha)
mlflow.log_metric('rmse', 52.3 * (1 + args.alpha))
