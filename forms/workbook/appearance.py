"""How a cell looks, reduced to what a reader is shown, and how the exporter makes it look.

A cell style is reduced to its font (bold, italic, underline, strike, size,
colour, a symbol font), fill and alignment (indent, wrapping, rotation...),
with every default filled in and every spelling of a colour made one, so a
LibreOffice or Excel re-save (which rewrites the whole stylesheet) compares
equal and a white-on-white figure does not.

The expected looks come from the exporter's own style table
(forms.workbook.cell_styles), without writing a workbook or loading openpyxl;
tests/test_cell_styles.py holds them equal to what the exporter writes, read
back by the same strict reader.
"""
from __future__ import annotations

from functools import lru_cache

# Fonts whose letters are pictures: digits in them are not digits to a reader.
SYMBOL_FONTS = {"wingdings", "wingdings 2", "wingdings 3", "webdings", "symbol", "marlett",
                "opensymbol", "mt extra", "bookshelf symbol 7", "ms outlook", "zapf dingbats"}
_THEME_TEXT = {"0": "FFFFFF", "1": "000000", "2": "EEECE1", "3": "1F497D"}
DEFAULT_SIZE = 11.0


def colour(attrs: dict | None, default: str | None = None,
           theme: dict[str, str] | None = None) -> str | None:
    """One spelling of a colour: six hex digits (theme colours looked up in the
    workbook's own theme, so an edited theme cannot turn black text white unseen)."""
    if not attrs:
        return default
    if "rgb" in attrs:
        rgb = attrs["rgb"].upper()
        value = rgb[-6:] if len(rgb) >= 6 else rgb
    elif "theme" in attrs:
        value = (theme or _THEME_TEXT).get(attrs["theme"], f"theme:{attrs['theme']}")
    elif "indexed" in attrs:
        value = _indexed(attrs["indexed"], default)
    elif attrs.get("auto") in ("1", "true"):
        value = default or "000000"
    else:
        return default
    tint = attrs.get("tint", "0")
    return value if tint in ("0", "0.0", "") else f"{value} tint {tint}"


def _indexed(index: str, default: str | None) -> str | None:
    from forms.workbook.builtin_styles import COLOR_INDEX
    try:
        i = int(index)
    except ValueError:
        return default
    if i in (64, 65):          # system foreground and background
        return default or "000000"
    return COLOR_INDEX[i][-6:].upper() if 0 <= i < len(COLOR_INDEX) else default


def _on(d: dict, key: str) -> bool:
    return key in d and d[key].get("val", "1").lower() not in ("0", "false")


def _size(text: str | None) -> float | None:
    try:
        return float(text) if text is not None else None
    except ValueError:
        return None


def font_view(font: tuple, base: tuple = (), theme=None) -> tuple:
    d = {name: dict(attrs) for name, attrs, _ in font}
    b = {name: dict(attrs) for name, attrs, _ in base}
    size = _size(d.get("sz", {}).get("val")) or _size(b.get("sz", {}).get("val")) or DEFAULT_SIZE
    base_colour = colour(b.get("color"), "000000", theme)
    name = d.get("name", {}).get("val", "")
    underline = d["u"].get("val", "single") if "u" in d else "none"
    return (("bold", _on(d, "b")), ("italic", _on(d, "i")), ("strike", _on(d, "strike")),
            ("underline", "" if underline == "none" else underline), ("size", size),
            ("colour", colour(d.get("color"), base_colour, theme)),
            ("symbol font", name if name.casefold() in SYMBOL_FONTS else ""),
            ("position", d.get("vertAlign", {}).get("val", "baseline")))


def fill_view(fill: tuple, theme=None) -> tuple:
    for name, attrs, children in fill:
        if name == "gradientFill":
            return (("fill", "gradient"),)
        if name == "patternFill":
            pattern = dict(attrs).get("patternType", "none") if attrs else "none"
            if pattern == "none":
                return (("fill", "none"),)
            c = {n: dict(a) for n, a, _ in children}
            fg = colour(c.get("fgColor"), "000000", theme)
            if pattern == "solid":
                return (("fill", f"solid {fg}"),)
            return (("fill", f"{pattern} {fg} on {colour(c.get('bgColor'), 'FFFFFF', theme)}"),)
    return (("fill", "none"),)


def alignment_view(alignment: tuple) -> tuple:
    a = dict(alignment[0][1]) if alignment else {}

    def flag(k):
        return a.get(k, "0").lower() in ("1", "true")
    return (("horizontal", a.get("horizontal", "general")),
            ("vertical", a.get("vertical", "bottom")), ("indent", a.get("indent", "0")),
            ("wrapped", flag("wrapText")), ("rotation", a.get("textRotation", "0")),
            ("shrunk to fit", flag("shrinkToFit")))


def shown(font: tuple, fill: tuple, alignment: tuple, base_font: tuple, theme=None) -> tuple:
    return font_view(font, base_font, theme) + fill_view(fill, theme) + alignment_view(alignment)


# clrScheme order; a style's theme="N" counts light 1 first (Excel swaps dark and light).
_SCHEME = ("dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5",
           "accent6", "hlink", "folHlink")
_THEME_INDEX = {"lt1": "0", "dk1": "1", "lt2": "2", "dk2": "3"}


def theme_colours(events) -> dict[str, str]:
    """theme index -> hex colour, from a theme part's (end) events."""
    found: dict[str, str] = {}
    for _ev, el in events:
        name = el.tag.rpartition("}")[2]
        if name in _SCHEME and name not in found and len(el):
            c = el[0]
            hexv = c.get("lastClr") or c.get("val") or ""
            found[name] = hexv.upper()[-6:] if len(hexv) >= 6 else hexv
    return {_THEME_INDEX.get(n, str(i)): v for i, n in enumerate(_SCHEME)
            if (v := found.get(n))}


def differences(expected: tuple, found: tuple, text: bool = True) -> list[str]:
    """'font colour 000000 → FFFFFF' for each part of the look that differs; [] when the
    same. Wrapping turned on is no difference: it shows more of the text, never less
    (LibreOffice turns it on for text with line breaks). "General" alignment is where
    the value's kind puts it (text left, numbers right): Excel writes an indented
    label's alignment as left."""
    if expected == found:
        return []
    general = "left" if text else "right"
    out = []
    for (name, want), (_n, got) in zip(expected, found):
        if name == "horizontal":
            want, got = (general if v == "general" else v for v in (want, got))
        if want != got and not (name == "wrapped" and got):
            word = {"colour": "font colour", "size": "font size", "bold": "bold",
                    "italic": "italic", "fill": "fill"}.get(name, name)
            out.append(f"{word} {_word(want)} → {_word(got)}")
    return out


def _word(v) -> str:
    if v is True:
        return "yes"
    if v is False:
        return "no"
    return str(v) if v not in ("", None) else "none"


@lru_cache(maxsize=64)
def look_of(key: str) -> tuple:
    """The look the exporter gives a style key (forms.workbook.cell_styles), as
    ``shown`` reads it back from the exported workbook: its base font is 11 pt black."""
    from forms.workbook.cell_styles import spec_of
    spec = spec_of(key)
    return (("bold", spec.get("bold", False)), ("italic", spec.get("italic", False)),
            ("strike", False), ("underline", ""),
            ("size", float(spec.get("size", DEFAULT_SIZE))),
            ("colour", spec.get("colour", "000000")), ("symbol font", ""),
            ("position", "baseline"),
            ("fill", f"solid {spec['fill']}" if "fill" in spec else "none"),
            ("horizontal", spec.get("horizontal", "general")),
            ("vertical", spec.get("vertical", "bottom")), ("indent", str(spec.get("indent", 0))),
            ("wrapped", spec.get("wrapped", False)), ("rotation", "0"), ("shrunk to fit", False))


def expected_looks(keys) -> dict[str, tuple]:
    """Style key -> look, as the exporter writes it; "" (no style) always included."""
    return {key: look_of(key) for key in set(keys) | {""}}
