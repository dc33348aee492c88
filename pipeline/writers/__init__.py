"""Writers of the outputs: records, worksheet, letters, summary."""
