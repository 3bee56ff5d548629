import mlflow
import azureml.core as aml


def get_logger():
    return aml.Run.get_context()


def evaluate(scores):
    logger = get_logger()
    mlflow.log_metric("mean_score", sum(scores) / len(scores))
    mlflow.log_metric("best", int(max(scores) > 0.9))
    mlflow.log_text(f"{len(scores)} scores", "count.txt")


evaluate([0.7, 0.95])
