"""The Textual application. The only package (with reader.launch) that imports textual."""
