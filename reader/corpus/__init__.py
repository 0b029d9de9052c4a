"""Where articles come from: folders, JSONL, feeds, Markdown and HTML, the library index and its cache."""
