"""The outputs: one enumeration of documents (documents), the presentation rules and Jinja set-up
they share (presentation, templates), and each output: Markdown pages built by MkDocs into the
site (pages, mkdocs_site), print models laid out as PDFs (print_model, pdf, fonts), and publishing
(publish: zips and the final swap)."""
