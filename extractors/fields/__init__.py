"""Field extractors: one per document kind, fed by the readers' text."""
