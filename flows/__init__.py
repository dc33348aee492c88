"""Prefect flows: thin wrappers around the pipeline's plain functions."""
