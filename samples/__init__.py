"""Synthetic SPCNCL dossiers: generator, committed inbox and ground truth (see samples/README.md)."""
