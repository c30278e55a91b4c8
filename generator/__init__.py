"""guidesite: per-province YAML -> validated model -> Markdown -> MkDocs site.

Stages, one module each, data flowing one way:
load -> validate -> model/resolve -> translate -> render -> build.
"""
