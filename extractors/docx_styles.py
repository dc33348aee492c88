"""Effective run formatting in a Word document: the font a run is drawn in, hidden, all-caps.

Word resolves a run's properties through a chain: document defaults → paragraph style (and the
styles it is based on) → character style (and its bases) → the run's own properties. A legacy
TCVN3 document often sets ``.VnTime`` once in the Normal style and ``.VnTimeH`` on a title's
runs; whether a run is hidden (``w:vanish``) or shown in capitals (``w:caps``) may likewise
come from any link. Theme fonts (``w:asciiTheme="minorHAnsi"``) name the theme's font slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from lxml import etree

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_W = f"{{{W}}}"

_OFF = {"0", "false", "off", "none"}


@dataclass(frozen=True)
class RunFormat:
    """What a run looks like as far as reading goes."""

    font: str | None = None
    hidden: bool = False
    caps: bool = False


@dataclass
class _Props:
    """Properties set at one level of the chain; None means "not set here"."""

    ascii: str | None = None
    hansi: str | None = None
    hidden: bool | None = None
    caps: bool | None = None

    def over(self, base: _Props) -> _Props:
        """These properties laid over ``base`` (what is set here wins)."""
        return _Props(self.ascii if self.ascii is not None else base.ascii,
                      self.hansi if self.hansi is not None else base.hansi,
                      self.hidden if self.hidden is not None else base.hidden,
                      self.caps if self.caps is not None else base.caps)


def _toggle(element: Any) -> bool | None:
    """The value of an on/off property element (present without ``w:val`` means on)."""
    if element is None:
        return None
    value = element.get(_W + "val")
    return value is None or value.lower() not in _OFF


class WordStyles:
    """Resolves runs' effective fonts and visibility from styles.xml and the theme."""

    def __init__(self, styles: Any | None, theme: Any | None = None) -> None:
        """``styles``: the styles part's root element (or None); ``theme``: the theme's."""
        self.theme = _theme_fonts(theme)
        self._styles: dict[str, Any] = {}
        self._chains: dict[str, _Props] = {}
        self._cache: dict[tuple[Any, ...], RunFormat] = {}
        self.default_paragraph_style: str | None = None
        self.defaults = _Props()
        if styles is None:
            return
        for style in styles.iterchildren(_W + "style"):
            style_id = style.get(_W + "styleId")
            if style_id:
                self._styles[style_id] = style
                if style.get(_W + "type") == "paragraph" and style.get(_W + "default") in ("1", "true", "on"):
                    self.default_paragraph_style = style_id
        defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        if defaults is not None:
            self.defaults = self.props(defaults)

    def props(self, rpr: Any | None) -> _Props:
        """The properties one ``w:rPr`` sets (only its direct children: a tracked
        ``w:rPrChange`` holds the formatting as it was before, not as it is shown)."""
        if rpr is None:
            return _Props()
        out = _Props()
        fonts = rpr.find(_W + "rFonts")
        if fonts is not None:
            # a theme slot, when named, wins over the explicit name at the same level
            out.ascii = self._font(fonts, "ascii")
            out.hansi = self._font(fonts, "hAnsi")
        vanish = _toggle(rpr.find(_W + "vanish"))
        if vanish is not None:
            out.hidden = vanish
        caps = _toggle(rpr.find(_W + "caps"))
        if caps is not None:
            out.caps = caps
        return out

    def _font(self, fonts: Any, slot: str) -> str | None:
        theme = fonts.get(f"{_W}{slot}Theme")
        if theme:
            return self.theme.get("major" if theme.startswith("major") else "minor") or None
        return fonts.get(_W + slot)

    def chain(self, style_id: str | None) -> _Props:
        """A style's properties with those of the styles it is based on beneath them."""
        if not style_id:
            return _Props()
        if style_id in self._chains:
            return self._chains[style_id]
        self._chains[style_id] = _Props()  # a basedOn loop ends here
        seen: list[Any] = []
        current: str | None = style_id
        while current and current in self._styles and len(seen) < 32:
            style = self._styles[current]
            if any(style is s for s in seen):
                break
            seen.append(style)
            based = style.find(_W + "basedOn")
            current = based.get(_W + "val") if based is not None else None
        props = _Props()
        for style in reversed(seen):
            props = self.props(style.find(_W + "rPr")).over(props)
        self._chains[style_id] = props
        return props

    def paragraph_style(self, paragraph: Any) -> str | None:
        """The paragraph's style id (the default paragraph style when it names none)."""
        pstyle = paragraph.find(f"{_W}pPr/{_W}pStyle")
        if pstyle is not None and pstyle.get(_W + "val"):
            return str(pstyle.get(_W + "val"))
        return self.default_paragraph_style

    def run_format(self, paragraph_style: str | None, rpr: Any | None) -> RunFormat:
        """The effective format of a run with direct properties ``rpr`` in such a paragraph."""
        rstyle = rpr.find(_W + "rStyle") if rpr is not None else None
        char_style = rstyle.get(_W + "val") if rstyle is not None else None
        direct = etree.tostring(rpr) if rpr is not None and len(rpr) else b""
        key = (paragraph_style, char_style, direct)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        props = self.props(rpr).over(self.chain(char_style)).over(self.chain(paragraph_style)).over(self.defaults)
        # the legacy code points sit in the high-ANSI range, so that slot's font draws them
        result = RunFormat(font=props.hansi or props.ascii, hidden=bool(props.hidden), caps=bool(props.caps))
        if len(self._cache) < 4096:
            self._cache[key] = result
        return result


def _theme_fonts(theme: Any | None) -> dict[str, str]:
    """The theme's major and minor Latin typefaces."""
    fonts: dict[str, str] = {}
    if theme is None:
        return fonts
    for slot in ("major", "minor"):
        latin = theme.find(f".//{{{A}}}{slot}Font/{{{A}}}latin")
        if latin is not None and latin.get("typeface"):
            fonts[slot] = latin.get("typeface")
    return fonts
