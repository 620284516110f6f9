"""One pane per feature, each with its own DEFAULT_CSS and workers."""
