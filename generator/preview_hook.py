"""Loaded by MkDocs from its file path as a hook (so only absolute imports work here)."""
from generator.serve import on_env, on_page_context, on_post_build, on_pre_build, on_serve  # noqa: F401 - MkDocs looks them up by name
