"""Loaded by MkDocs from its file path as a hook (so only absolute imports work here)."""
from generator.serve import on_pre_build  # noqa: F401 - MkDocs looks the hook up by name
