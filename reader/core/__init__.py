"""The ground floor: the article record, errors, paths, atomic files, YAML and theme files, the session."""
