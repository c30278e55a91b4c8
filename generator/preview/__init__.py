"""The live preview (`guidesite serve`): incremental rendering after a save (incremental), the
MkDocs plugin holding its state across rebuilds (plugin), and the server (serve)."""
