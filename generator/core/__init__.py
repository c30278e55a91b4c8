"""The core pipeline: load (YAML with positions) -> validate (the model, then cross-references)
-> resolve (a guide as it applies in a province). Outputs never reach back into it."""
