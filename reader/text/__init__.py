"""Text as the reader moves through it: layout (cells <-> offsets), motions, normalisation, scripts."""
