import argparse

from azureml.core.run import Run

parser = argparse.ArgumentParser()
parser.add_argument('--alpha', type=float, default=0.1)
args, _ = parser.parse_known_args()

run = Run.get_context()
run.log('alpha', args.alpha)
run.log('rmse', 52.3 * (1 + args.alpha))
