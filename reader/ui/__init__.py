"""The Textual application. The only package (with reader.cli.launch) that imports textual."""
