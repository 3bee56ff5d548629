"""Recording stand-in for the azureml namespace package (proof harness only)."""
