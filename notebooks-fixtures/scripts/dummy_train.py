"""A dummy training job: it also runs on a laptop, where the Azure ML SDK is not installed."""
import argparse

try:
    from azureml.core import Run
except ImportError:
    Run = None
    print("Unable to import AzureML, running as a local experiment")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--epochs", type=int, default=3)
    args = parser.parse_args()
    run = Run.get_context() if Run is not None else None
    for epoch in range(args.epochs):
        loss = 1.0 / (epoch + 1)
        print("epoch", epoch, "loss", loss)
        if run is not None:
            run.log("loss", loss, step=epoch)


if __name__ == "__main__":
    main()
