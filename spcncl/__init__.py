"""The ``spcncl`` command: the top layer, above the Prefect flows (``flows``), the pipeline
(``pipeline``) and the readers (``extractors``)."""

from pipeline import __version__

__all__ = ["__version__"]
