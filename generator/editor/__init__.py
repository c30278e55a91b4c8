"""Tools for editors and reviewers beside the build: the JSON Schema for autocompletion (schema),
what a change does to the pages (changes: `guidesite diff`), facts due for a re-check (freshness:
`guidesite stale`), and validation output for GitHub Actions (github)."""
