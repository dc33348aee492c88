"""Imported once by the readers' ``forkserver`` (``pipeline.isolation.PRELOAD``): loads the
extraction patterns and the spaCy label matcher there, so every reader forked from it starts
with them in (shared) memory instead of loading its own (~0.15 s of CPU per reader)."""

from extractors.extract import warm_up

warm_up()
