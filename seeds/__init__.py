"""The bundled seed articles (package data): the default corpus when no path is given."""
