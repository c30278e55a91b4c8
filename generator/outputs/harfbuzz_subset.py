"""WeasyPrint's cut of each embedded font to the glyphs of one PDF, done by HarfBuzz from the
uharfbuzz wheel on every machine.

WeasyPrint does this cut with the system's libharfbuzz-subset when it finds it; without it (many
laptops, and a fresh Debian with only Pango) it falls back to fontTools, ten times slower
(0.70 s against 0.07 s per PDF, benchmarks/RESULTS-pdf.md) and with one warning per PDF.
uharfbuzz, a dependency with wheels for the common platforms, carries HarfBuzz's subsetter, so
`install()` puts it in place of WeasyPrint's `Font.subset`, doing what WeasyPrint's own HarfBuzz
path does (weasyprint/pdf/fonts.py, `_harfbuzz_subset`, the same in WeasyPrint 68 to 70): keep
the used glyphs at their ids, drop layout tables, then drop the glyphs after the last one used.
The same subsetter everywhere also gives the same bytes whatever the system libraries.
"""

from __future__ import annotations

import logging
from typing import Any

# Tables a PDF never reads (WeasyPrint's list).
_DROP_TABLES = ("BASE", "DSIG", "EBDT", "EBLC", "EBSC", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT", "SVG ")


def _subset(font: Any, to_unicode: dict[int, str], hinting: bool) -> None:
    """WeasyPrint's `Font.subset(to_unicode, hinting)`: `to_unicode` maps the glyph ids used."""
    import uharfbuzz as hb

    if not to_unicode:
        return
    flags = hb.SubsetFlags
    notdef = flags.NOTDEF_OUTLINE if font.missing else flags.DEFAULT
    subset_input = hb.SubsetInput()
    subset_input.glyph_set.update(sorted(to_unicode))
    subset_input.sets(hb.SubsetInputSets.DROP_TABLE_TAG).update(
        int.from_bytes(tag.encode("ascii"), "big") for tag in _DROP_TABLES
    )
    subset_input.flags = flags.RETAIN_GIDS | flags.PASSTHROUGH_UNRECOGNIZED | flags.DESUBROUTINIZE | notdef
    try:
        face = hb.subset(hb.Face(hb.Blob(font.file_content), font.index), subset_input)
        # The PDF addresses glyphs by id: keep ids up to the last one used, none after it.
        subset_input.glyph_set.update(range(max(to_unicode) + 1))
        hints = flags.DEFAULT if hinting else flags.NO_HINTING
        subset_input.flags = flags.PASSTHROUGH_UNRECOGNIZED | flags.DESUBROUTINIZE | notdef | hints
        font.file_content = bytes(hb.subset(face, subset_input).blob.data)
    except RuntimeError:  # HarfBuzz could not cut this font: embedded whole, as WeasyPrint does then
        logging.getLogger("weasyprint").warning('Unable to subset "%s" with HarfBuzz', font.family)


def install() -> str | None:
    """Make WeasyPrint subset fonts with uharfbuzz; returns why it cannot (then WeasyPrint keeps
    its own way), or None."""
    try:
        import uharfbuzz  # noqa: F401 - only whether it is there
        from weasyprint.pdf import fonts
    except ImportError as exc:
        return str(exc)
    if not callable(getattr(fonts.Font, "subset", None)):
        return f"weasyprint.pdf.fonts.Font.subset is gone in this WeasyPrint ({fonts.__name__})"
    if fonts.Font.subset is not _subset:
        WEASYPRINT_OWN.setdefault("subset", fonts.Font.subset)
        fonts.Font.subset = _subset
    return None


# WeasyPrint's own Font.subset, once replaced (the tests put it back to see what it does).
WEASYPRINT_OWN: dict[str, Any] = {}
