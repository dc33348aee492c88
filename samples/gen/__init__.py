"""Building blocks of the synthetic dossier generator (`python -m samples.generate`)."""
