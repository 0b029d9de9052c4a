"""Named-entity recognition: the recogniser, its pattern, name and number rules, and the spaCy backend."""
