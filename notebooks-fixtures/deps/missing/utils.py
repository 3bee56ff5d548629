"""No MLflow, no Azure ML: nothing to declare."""


def mean(xs):
    return sum(xs) / len(xs)
