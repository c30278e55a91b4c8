"""The CJK font the PDFs are set in: where it is found, and its name and identity.

Lookup order (the first that exists wins):

1. the file named by the environment variable ``GUIDESITE_CJK_FONT`` (``.otf``, ``.ttf`` or
   ``.ttc``; in a collection the Simplified Chinese face is chosen);
2. a system font found by fontconfig (``fc-match``): Noto Sans CJK SC — the SC face, not the
   JP one fontconfig gives for a bare "Noto Sans CJK" — then Noto Sans SC, Source Han Sans SC;
3. the PyPI package ``noto-cjk-sans-otc`` (Noto Sans CJK Regular collection), if installed.

None found raises `FontNotFound`, whose message names the three fixes.

Typst reads the font from its folder (a .ttc/.otc collection is fine) and embeds in each PDF only
the glyphs that PDF uses, so a PDF depends on its own document and the font's identity only.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..errors import BuildError
from ..i18n.messages import _

ENV_VAR = "GUIDESITE_CJK_FONT"
PIP_PACKAGE = "noto-cjk-sans-otc"
# Families tried through fontconfig, best first. All are Simplified Chinese faces.
SYSTEM_FAMILIES = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Source Han Sans CN")
# A face must cover these to be taken for a Chinese font.
_PROBE = "社会保险转移办理"


class FontNotFound(BuildError):
    """No usable CJK font; the message says how to get one."""


@dataclass(frozen=True)
class FontFace:
    path: Path
    index: int  # face number inside a .ttc collection, 0 otherwise
    origin: str  # where it was found, for messages and the benchmark


def _fix_hint() -> str:
    return _(
        "PDF 需要一种简体中文字体（Noto Sans CJK SC）。任选一种办法：\n"
        "  1. 安装系统字体：sudo apt-get install fonts-noto-cjk（或 make fonts）\n"
        "  2. 安装 Python 包：.venv/bin/pip install {package}\n"
        "  3. 指定字体文件：export {env}=/path/to/NotoSansCJK-Regular.ttc"
    ).format(package=PIP_PACKAGE, env=ENV_VAR)


def _sc_face_index(path: Path) -> int | None:
    """The index of the Simplified Chinese face in `path` (0 for a single font), or None when
    no face covers Chinese text."""
    from fontTools.ttLib import TTCollection, TTFont, TTLibError

    try:
        if path.suffix.lower() in (".ttc", ".otc"):
            faces = TTCollection(str(path), lazy=True).fonts
        else:
            faces = [TTFont(str(path), lazy=True)]
    except (OSError, TTLibError) as exc:
        raise FontNotFound(_("无法读取字体文件 {path}：{reason}").format(path=path, reason=exc)) from None
    covering = []
    for i, face in enumerate(faces):
        cmap = face.getBestCmap() or {}
        if all(ord(ch) in cmap for ch in _PROBE):
            covering.append(i)
            names = " ".join(str(n) for n in face["name"].names if n.nameID in (1, 4, 16))
            if " SC" in names or "CN" in names:
                return i
    return covering[0] if covering else None


def _from_env() -> FontFace | None:
    value = os.environ.get(ENV_VAR)
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_file():
        raise FontNotFound(_("环境变量 {env} 指向的字体文件不存在：{path}").format(env=ENV_VAR, path=path))
    index = _sc_face_index(path)
    if index is None:
        raise FontNotFound(_("环境变量 {env} 指向的字体 {path} 不含中文字形。").format(env=ENV_VAR, path=path))
    return FontFace(path, index, ENV_VAR)


def _fc_match(pattern: str) -> tuple[Path, int, str] | None:
    if shutil.which("fc-match") is None:
        return None
    try:
        out = subprocess.run(
            ["fc-match", "-f", "%{file}\n%{index}\n%{family}\n%{style}\n", pattern],
            capture_output=True,
            text=True,
            timeout=30,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    lines = out.split("\n")
    if len(lines) < 4 or not lines[0]:
        return None
    return Path(lines[0]), int(lines[1] or 0), lines[2] + " " + lines[3]


def _from_fontconfig(bold: bool = False) -> FontFace | None:
    for family in SYSTEM_FAMILIES:
        found = _fc_match(f"{family}:style={'Bold' if bold else 'Regular'}")
        if found is None:
            return None  # no fontconfig at all
        path, index, names = found
        # fc-match always answers, with its nearest font: keep only the family asked for.
        if family in names and ("Bold" in names) == bold and path.is_file():
            return FontFace(path, index, f"fontconfig ({family})")
    return None


def _from_pip() -> FontFace | None:
    try:
        import noto_cjk_sans_otc
    except ImportError:
        return None
    path = Path(str(noto_cjk_sans_otc.FONT_PATH))
    index = _sc_face_index(path) if path.is_file() else None
    return FontFace(path, index, f"pip ({PIP_PACKAGE})") if index is not None else None


def find_cjk_font() -> FontFace:
    """The regular face, in the documented order; raises FontNotFound naming the fixes."""
    for lookup in (_from_env, _from_fontconfig, _from_pip):
        face = lookup()
        if face is not None:
            return face
    raise FontNotFound(_("找不到中文字体。") + "\n" + _fix_hint())


def face_family(face: FontFace) -> str:
    """The face's family name, by which Typst finds it in the font's folder."""
    from fontTools.ttLib import TTFont

    names = TTFont(str(face.path), fontNumber=face.index, lazy=True)["name"]
    return str(names.getDebugName(16) or names.getDebugName(1))


_identities: dict[tuple[Path, int, int, int], str] = {}


def face_identity(face: FontFace) -> str:
    """The face by content, not by path: the same font in another folder or checkout has the
    same identity. Hashed once per process and file version."""
    stat = face.path.stat()
    key = (face.path, face.index, stat.st_size, stat.st_mtime_ns)
    if key not in _identities:
        digest = hashlib.sha256()
        with face.path.open("rb") as fp:
            for block in iter(lambda: fp.read(1 << 20), b""):
                digest.update(block)
        _identities[key] = f"{digest.hexdigest()}#{face.index}"
    return _identities[key]
