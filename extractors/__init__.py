"""Readers (one per format) and field extractors."""
