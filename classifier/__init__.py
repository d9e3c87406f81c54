"""classifier: multilingual 4P sentence-topic classifiers for anti-trafficking reports."""

__version__ = "0.1.0"
