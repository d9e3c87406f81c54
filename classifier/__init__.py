"""classifier: multilingual 4P sentence-topic classifiers for anti-trafficking reports."""

__version__ = "0.1.0"


def load(path, verify: bool = True):
    """Load a model package folder as a `classifier.backends.base.Predictor`: it has
    classes_, predict, predict_proba, label_documents and the package's manifest.

    The folder's checksums are verified first and no code from it is executed.
    """
    from classifier.package import load_model

    return load_model(path, verify=verify)
