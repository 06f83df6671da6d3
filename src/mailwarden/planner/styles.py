"""Whether the text of a mail's HTML element is seen, read from its CSS (nlu109, red team 66).

Red team 66 hid requests from the reader of the mail with styles the old patterns did not know
("display:/**/none", "color:rgb(255 255 255)", "filter:opacity(0)", an sr-only box) and, the other way,
dropped text a reader sees (a print-only rule applied on screen, "display:none;display:inline", white on a
dark banner). So the CSS is read as a browser reads it: tokenised and parsed by tinycss2 (comments, escapes,
"!important" and the later declaration winning are its grammar, not cases), selectors by cssselect2's
parser, colours by tinycss2's colour module in every syntax CSS has.

Every verdict is one of three: SHOWN, HIDDEN, or UNSURE where the mail alone cannot settle it (a selector
that may or may not pick the element, a media query, a colour on a background image, a small but not tiny
font). A rule whose selector may pick an element is read in two worlds: one where no such rule applies, one
where every such rule does; where the worlds disagree the text is UNSURE. The planner plans an UNSURE text
both with and without it and asks only when the plans differ (rules._draft_request).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from mailwarden.planner import lexicon as lx

if TYPE_CHECKING:
    from tinycss2.ast import Node

__all__ = [
    "HIDDEN",
    "PAGE",
    "SHOWN",
    "UNSURE",
    "Look",
    "Sheet",
    "Styled",
    "both",
    "sheet_applies",
    "sheet_of",
    "style_of",
    "text_of",
]

SHOWN, UNSURE, HIDDEN = 0, 1, 2

_Colour = tuple[float, float, float, float]
_WHITE: _Colour = (1.0, 1.0, 1.0, 1.0)
_BLACK: _Colour = (0.0, 0.0, 0.0, 1.0)


def both(a: int, b: int) -> int:
    """One verdict from the two worlds' verdicts: the same, or UNSURE where they differ."""
    return a if a == b else UNSURE


@dataclass(frozen=True, slots=True)
class Look:
    """What an element passes to what it holds (CSS's inherited values), in one world: the text colour and
    the colour behind it (None: not computable, an image or an unknown colour), the font size in pixels, the
    opacity of every box around it multiplied, the visibility, a text fill colour or shadow."""

    color: _Colour | None = _BLACK
    backdrop: _Colour | None = _WHITE
    font_px: float | None = 16.0
    opacity: float = 1.0
    visibility: int = SHOWN
    fill: _Colour | None = None
    fill_set: bool = False
    shadow: bool = False
    text_indent: float | None = 0.0


PAGE = Look()
"""A mail's page: black text on white."""


@dataclass(frozen=True, slots=True)
class Styled:
    """An element as styled: what its box does to everything it holds, how its own text is seen, whether it
    is struck through, and the look it passes on in each world."""

    box: int
    text: int
    struck: int
    looks: tuple[Look, Look]


_NO, _MAY, _CERTAIN = 0, 1, 2
"""Whether a rule picks an element: not, maybe (the mail alone cannot say), certainly."""

_Attribute = tuple[str, str | None, str | None, bool | None]
"""An attribute selector: the attribute's name, the operator ("=", "~=", ... or None: present), the value, and
whether it compares case-sensitively (None: not said, the document's language decides)."""


@dataclass(frozen=True, slots=True)
class _Element:
    """What a selector is matched on: the tag, the classes and id as written, and the attributes by name."""

    tag: str
    classes: frozenset[str]
    ident: str
    attrs: dict[str, str]


@dataclass(frozen=True, slots=True)
class _Rule:
    tag: str
    classes: frozenset[str]
    ident: str
    attributes: tuple[_Attribute, ...]
    certain: bool
    """Whether the rule picks every element its tag, classes, id and attributes match (else it may)."""
    specificity: tuple[int, int, int]
    order: int
    declarations: tuple[tuple[str, tuple[Any, ...], bool], ...]

    def picks(self, element: _Element) -> int:
        if self.tag not in ("", "*", element.tag):
            return _NO
        found = _CERTAIN if self.certain else _MAY
        # (a class or id selector matches its name case-sensitively in a standards-mode page and ignoring
        # case in a quirks-mode one; which mode a mail is rendered in is its client's page's, not the mail's
        # own doctype: ".x" on class="X" may pick it, red team 68)
        if not self.classes <= element.classes:
            if not {c.lower() for c in self.classes} <= {c.lower() for c in element.classes}:
                return _NO
            found = _MAY
        if self.ident and self.ident != element.ident:
            if self.ident.lower() != element.ident.lower():
                return _NO
            found = _MAY
        for attribute in self.attributes:
            found = min(found, _attribute_picks(attribute, element.attrs))
            if found == _NO:
                return _NO
        return found


def _attribute_picks(attribute: _Attribute, attrs: dict[str, str]) -> int:
    """Whether an attribute selector ("[hidden]", "[data-x=a i]") picks an element with `attrs`: compared as
    said, or both ways where the case is not said (HTML compares some attributes' values ignoring case) and
    only maybe where the two ways differ."""
    name, operator, value, case_sensitive = attribute
    if name not in attrs:
        return _NO
    if operator is None:
        return _CERTAIN
    ways = (
        {_value_matches(operator, value or "", attrs[name], fold=not case_sensitive)}
        if case_sensitive is not None
        else {_value_matches(operator, value or "", attrs[name], fold=fold) for fold in (False, True)}
    )
    if ways == {True}:
        return _CERTAIN
    return _NO if ways == {False} else _MAY


def _value_matches(operator: str, wanted: str, value: str, *, fold: bool) -> bool:
    if fold:
        wanted, value = wanted.lower(), value.lower()
    if operator == "=":
        return value == wanted
    if operator == "~=":
        return wanted in value.split()
    if operator == "|=":
        return value == wanted or value.startswith(wanted + "-")
    if not wanted:
        return False  # ("[a^=""]" picks nothing)
    if operator == "^=":
        return value.startswith(wanted)
    if operator == "$=":
        return value.endswith(wanted)
    return wanted in value  # ("*=")


@dataclass(frozen=True, slots=True)
class Sheet:
    """The rules of a mail's "<style>" elements, each with whether it certainly applies where the mail is
    read on a screen."""

    rules: tuple[_Rule, ...] = ()


# ---- the style sheet -----------------------------------------------------------------------------------


def sheet_of(css: str | Sequence[tuple[str, int]]) -> Sheet:
    """The rules of a mail's style text, in order: one text, or each "<style>" element's with whether it
    applies on a screen (sheet_applies; one that may not gives rules that are never certain)."""
    import tinycss2

    rules: list[_Rule] = []
    for text, applies in [(css, SHOWN)] if isinstance(css, str) else css:
        found = tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True)
        _read_rules(found, applies == SHOWN, rules)
    return Sheet(tuple(rules))


def sheet_applies(attrs: Sequence[tuple[str, str | None]]) -> int:
    """Whether a "<style>" element's rules apply on the screen a mail is read on, by its own attributes: a
    type other than CSS is no style sheet, a media list is read as "@media" is (red team 68: a sheet for
    "speech" or "not all" was applied and hid the text it styled)."""
    said = {name: (value or "").strip().lower() for name, value in attrs}
    if said.get("type") and said["type"] not in lx.NLU116_CSS_TYPES:
        return HIDDEN
    return _media_applies(said["media"]) if said.get("media") else SHOWN


def _read_rules(nodes: Iterable[Node], certain: bool, into: list[_Rule]) -> None:
    import tinycss2

    for node in nodes:
        if node.type == "at-rule":
            if node.content is None:
                # ("@import": the linked styles are read as a link is, lexicon NLU107_CSS_ELSEWHERE)
                continue
            keyword = node.lower_at_keyword
            if keyword == "media":
                applies = _media_applies(tinycss2.serialize(node.prelude))
            elif keyword in lx.NLU109_CSS_GROUPING_RULES:
                applies = UNSURE
            else:
                continue  # ("@font-face", "@keyframes", "@page": no element's look)
            if applies == HIDDEN:
                continue
            inner = tinycss2.parse_blocks_contents(node.content, skip_comments=True, skip_whitespace=True)
            _read_rules(
                (n for n in inner if n.type in ("qualified-rule", "at-rule")),
                certain and applies == SHOWN,
                into,
            )
        elif node.type == "qualified-rule":
            declarations = _declarations(node.content)
            if not declarations:
                continue
            for picked in _selectors(node.prelude):
                tag, classes, ident, attributes, exact, specificity = picked
                into.append(
                    _Rule(
                        tag,
                        classes,
                        ident,
                        attributes,
                        certain and exact,
                        specificity,
                        len(into),
                        declarations,
                    )
                )


def _media_applies(query: str) -> int:
    """Whether a media query list holds on the screen a mail is read on: SHOWN for "screen" or "all" alone,
    HIDDEN for "print" or "speech" alone, UNSURE for anything with a feature ("max-width") or a "not"."""
    verdicts = []
    for one in query.lower().split(","):
        words = one.split()
        if words[:1] == ["only"]:
            words = words[1:]
        if not words or words in (["screen"], ["all"]):
            verdicts.append(SHOWN)
        elif words == ["not", "all"]:
            verdicts.append(HIDDEN)  # (holds nowhere)
        elif len(words) == 1 and words[0] in lx.NLU109_CSS_OTHER_MEDIA:
            verdicts.append(HIDDEN)
        else:
            verdicts.append(UNSURE)
    if SHOWN in verdicts:
        return SHOWN
    return HIDDEN if all(v == HIDDEN for v in verdicts) else UNSURE


def _selectors(
    prelude: Sequence[Node],
) -> list[tuple[str, frozenset[str], str, tuple[_Attribute, ...], bool, tuple[int, int, int]]]:
    """What each selector of a rule picks: the tag, classes, id and attribute tests of its last compound,
    and whether those alone decide (no combinator, pseudo-class or pseudo-element the reader does not
    match). Classes and ids are kept as written: whether their case must match is the element's to say."""
    from cssselect2 import parser

    try:
        # (the parser yields the selectors one by one and raises on one it does not know where it stands:
        # read as a list inside the try, or "::-webkit-scrollbar" or "::details-content" in a mail's sheet
        # raised out of the planner; a browser drops a rule whose selector list it cannot read)
        selectors = list(parser.parse(prelude))
    except parser.SelectorError:
        return []
    picked = []
    for selector in selectors:
        exact = True
        if selector.pseudo_element is not None:
            if selector.pseudo_element not in lx.NLU109_CSS_TEXT_PARTS:
                continue  # ("::before", "::marker": a part that holds none of the mail's text)
            exact = False
        tree = selector.parsed_tree
        if isinstance(tree, parser.CombinedSelector):
            exact = False
            tree = tree.right
        tag, classes, ident, never = "", set(), "", False
        attributes: list[_Attribute] = []
        for simple in tree.simple_selectors:
            if isinstance(simple, parser.LocalNameSelector):
                tag = simple.lower_local_name
            elif isinstance(simple, parser.ClassSelector):
                classes.add(simple.class_name)
            elif isinstance(simple, parser.IDSelector):
                ident = simple.ident
            elif isinstance(simple, parser.AttributeSelector) and not simple.namespace:
                # ("[hidden]", "span[hidden]": red team 68's author rule that shows what "hidden" hides)
                attributes.append((simple.lower_name, simple.operator, simple.value, simple.case_sensitive))
            elif isinstance(simple, parser.PseudoClassSelector) and simple.name in lx.NLU109_CSS_STATES:
                never = True  # ("a:hover": a state the mail is not read in)
            else:
                exact = False
        if not never:
            picked.append((tag, frozenset(classes), ident, tuple(attributes), exact, selector.specificity))
    return picked


# ---- declarations ---------------------------------------------------------------------------------------

_Declared = tuple[tuple[str, tuple[Any, ...], bool], ...]


def _declarations(content: Sequence[Node] | None) -> _Declared:
    """A block's declarations, in order, as (property, value tokens, important), shorthands set out as the
    longhands they set so that a later longhand overrides them and they a longhand before."""
    import tinycss2

    if not content:
        return ()
    found: list[tuple[str, tuple[Any, ...], bool]] = []
    for node in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if node.type != "declaration":
            continue
        value = tuple(t for t in node.value if t.type not in ("whitespace", "comment"))
        for name, part in _longhands(node.lower_name, value):
            found.append((name, part, node.important))
    return tuple(found)


@lru_cache(maxsize=1024)
def inline(style: str) -> _Declared:
    """The declarations of a "style" attribute (kept for the strings seen last: a mail repeats one style on
    every cell or paragraph, and a request is read more than once while it is planned; the declarations are
    tuples of tokens nothing changes)."""
    import tinycss2

    return _declarations(tinycss2.parse_component_value_list(style, skip_comments=True))


_SIDES = ("top", "right", "bottom", "left")


def _longhands(name: str, value: tuple[Any, ...]) -> list[tuple[str, tuple[Any, ...]]]:
    if name in ("margin", "padding", "inset"):
        parts = value[:4]
        if not parts:
            return []
        # (CSS's one-to-four values: top, right, bottom, left; a side left out takes its opposite's)
        top = parts[0]
        right = parts[1] if len(parts) > 1 else top
        bottom = parts[2] if len(parts) > 2 else top
        left = parts[3] if len(parts) > 3 else right
        prefix = "" if name == "inset" else name + "-"
        return [(prefix + side, (v,)) for side, v in zip(_SIDES, (top, right, bottom, left), strict=True)]
    if name == "overflow":
        return [("overflow-x", value[:1]), ("overflow-y", value[-1:])]
    if name == "background":
        # (a colour among the layers sets the colour; an image or gradient over it makes it unknowable)
        colour = tuple(t for t in value if _colour(t) is not None)[-1:]
        images = any(t.type in ("url", "function") and _colour(t) is None for t in value)
        return [("background-color", colour or _TRANSPARENT_VALUE), ("background-image", (images,))]
    if name == "font":
        for token in value:
            if token.type in ("dimension", "percentage") or (
                token.type == "ident" and token.lower_value in lx.NLU109_CSS_FONT_SIZES
            ):
                return [("font-size", (token,))]
            if token.type == "number" and token.value == 0:
                return [("font-size", (token,))]
        return []
    if name == "text-decoration":
        return [("text-decoration-line", value)]
    return [(name, value)]


_TRANSPARENT_VALUE: tuple[Any, ...] = ("transparent",)


# ---- one element ----------------------------------------------------------------------------------------


def style_of(
    tag: str,
    attrs: list[tuple[str, str | None]],
    parents: tuple[Look, Look],
    sheet: Sheet,
    *,
    block: bool,
    hidden_by_default: bool = False,
) -> Styled:
    """How an element is seen: its box's verdict over all it holds, its own text's, whether it is struck, and
    the looks it passes on, in the world where no rule that may pick it does and the world where all do.
    `hidden_by_default`: the browser's own sheet does not display it (the "hidden" attribute, a dialog not
    open), which any display the mail's styles give it overrides."""
    element = _Element(
        tag,
        frozenset(word for name, value in attrs if name == "class" and value for word in value.split()),
        next((value for name, value in attrs if name == "id" and value), ""),
        {name: value or "" for name, value in reversed(attrs)},
    )
    certain: list[tuple[tuple[Any, ...], str, tuple[Any, ...]]] = []
    maybe: list[tuple[tuple[Any, ...], str, tuple[Any, ...]]] = []
    # (a presentational attribute sits under every rule: "<font color>", "bgcolor")
    for name, value in attrs:
        if value and name == "color" and tag == "font":
            certain.append(((False, 0, (0, 0, 0), -1), "color", (value.strip(),)))
        elif value and name == "bgcolor":
            certain.append(((False, 0, (0, 0, 0), -1), "background-color", (value.strip(),)))
    for rule in sheet.rules:
        if picked := rule.picks(element):
            for prop, tokens, important in rule.declarations:
                (certain if picked == _CERTAIN else maybe).append(
                    ((important, 0, rule.specificity, rule.order), prop, tokens)
                )
    for name, value in attrs:
        if name == "style" and value:
            for n, (prop, tokens, important) in enumerate(inline(value)):
                certain.append(((important, 1, (0, 0, 0), n), prop, tokens))
    hid = hidden_by_default
    first = _one_world(_resolved(certain), parents[0], block=block, hidden_by_default=hid)
    second = (
        _one_world(_resolved(certain + maybe), parents[1], block=block, hidden_by_default=hid)
        if maybe
        else None
    )
    if second is None:
        # (no rule may pick it: the second world differs only by what it inherits)
        second = (
            _one_world(_resolved(certain), parents[1], block=block, hidden_by_default=hid)
            if parents[1] != parents[0]
            else first
        )
    return Styled(
        both(first[0], second[0]), both(first[1], second[1]), both(first[2], second[2]), (first[3], second[3])
    )


def _resolved(declared: list[tuple[tuple[Any, ...], str, tuple[Any, ...]]]) -> dict[str, tuple[Any, ...]]:
    """Each property's winning value: "!important" first, then a style attribute, then the more specific
    selector, then the later declaration (CSS's cascade). A value that points back at a default is read as not
    set, but a "display" that names another than the browser's: "initial" and "unset" are "inline" (display
    is not inherited), "inherit" the parent's, which is displayed where this element is reached at all."""
    won: dict[str, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}
    for key, name, value in declared:
        if name not in won or key >= won[name][0]:
            won[name] = (key, value)
    resolved = {}
    for name, (_, value) in won.items():
        word = _ident(value[0]) if len(value) == 1 else ""
        if word in lx.NLU109_CSS_DEFAULTING:
            if name != "display" or word in _REVERTING:
                continue
            value = ("inline",) if word in ("initial", "unset") else ("inherit",)
        resolved[name] = value
    return resolved


_REVERTING = frozenset(["revert", "revert-layer"])
"""(back to the browser's own sheet: for an element it does not display, "display:revert" still hides it)"""


def _one_world(
    props: dict[str, tuple[Any, ...]], parent: Look, *, block: bool, hidden_by_default: bool = False
) -> tuple[int, int, int, Look]:
    look = _look(props, parent)
    # (the HTML standard's rendering section, 15.3.1 "Hidden elements": "[hidden]" and "dialog:not([open])"
    # are "display: none" in the browser's own sheet, which any author "display" outranks, red team 68)
    box = HIDDEN if hidden_by_default and "display" not in props else _box(props, look, block=block)
    return box, _text(look), _struck(props), look


def _look(props: dict[str, tuple[Any, ...]], parent: Look) -> Look:
    look = parent
    if "color" in props:
        look = replace(look, color=_colour_of(props["color"], parent.color))
    if "-webkit-text-fill-color" in props:
        fill = _colour_of(props["-webkit-text-fill-color"], None)
        current = len(props["-webkit-text-fill-color"]) == 1 and _ident(
            props["-webkit-text-fill-color"][0]
        ) == ("currentcolor")
        look = replace(look, fill=None if current else fill, fill_set=not current)
    if "font-size" in props:
        look = replace(look, font_px=_font_px(props["font-size"], parent.font_px))
    if "zoom" in props and look.font_px is not None:
        factor = _factor(props["zoom"])
        look = replace(look, font_px=None if factor is None else look.font_px * factor)
    opacity = 1.0
    if "opacity" in props:
        factor = _factor(props["opacity"])
        opacity = -1.0 if factor is None else factor
    if "filter" in props:
        for token in props["filter"]:
            if token.type == "function" and token.lower_name == "opacity":
                factor = _factor(tuple(t for t in token.arguments if t.type != "whitespace"))
                opacity = -1.0 if factor is None or opacity < 0 else opacity * factor
    if opacity < 0:
        look = replace(look, opacity=math.nan)
    elif opacity != 1.0:
        look = replace(look, opacity=look.opacity * max(0.0, min(1.0, opacity)))
    if "visibility" in props:
        word = _ident(props["visibility"][0])
        look = replace(
            look,
            visibility=HIDDEN if word in ("hidden", "collapse") else SHOWN if word == "visible" else UNSURE,
        )
    if "text-shadow" in props:
        look = replace(look, shadow=_ident(props["text-shadow"][0]) != "none")
    if "text-indent" in props:
        look = replace(look, text_indent=_px(props["text-indent"][0], look.font_px))
    if props.get("background-image") == (True,):
        look = replace(look, backdrop=None)
    elif "background-color" in props:
        colour = _colour_of(props["background-color"], None)
        if colour is None or look.backdrop is None:
            look = replace(look, backdrop=None)
        else:
            look = replace(look, backdrop=_over(colour, look.backdrop))
    return look


def text_of(looks: tuple[Look, Look]) -> int:
    """How text is seen in an element that sets no style of its own, in the two worlds its looks are."""
    first = _text(looks[0])
    return first if looks[1] is looks[0] else both(first, _text(looks[1]))


def _text(look: Look) -> int:
    """How text in this look is seen: its visibility, opacity, size and contrast with what is behind it."""
    verdict = look.visibility
    if math.isnan(look.opacity):
        verdict = max(verdict, UNSURE)
    elif look.opacity < lx.NLU109_OPACITY_UNSEEN:
        return HIDDEN
    elif look.opacity < lx.NLU109_OPACITY_FAINT:
        verdict = max(verdict, UNSURE)
    if look.font_px is None:
        verdict = max(verdict, UNSURE)
    elif look.font_px <= lx.NLU109_FONT_PX_UNSEEN:
        return HIDDEN
    elif look.font_px < lx.NLU109_FONT_PX_SMALL:
        verdict = max(verdict, UNSURE)
    colour = look.fill if look.fill_set else look.color
    if colour is None or look.backdrop is None:
        return max(verdict, UNSURE)
    seen = _over(colour, look.backdrop)
    ratio = _contrast(seen, look.backdrop)
    if ratio < lx.NLU109_CONTRAST_UNSEEN:
        # (a shadow may draw the letters a transparent fill does not; a colour of the backdrop's lightness
        # but another hue, pure yellow on white, is plainly seen though luminance says 1.07: red team 68)
        near = max(abs(seen[i] - look.backdrop[i]) for i in range(3)) <= lx.NLU116_CHANNEL_UNSEEN
        return max(verdict, UNSURE if look.shadow or not near else HIDDEN)
    if ratio < lx.NLU109_CONTRAST_FAINT:
        verdict = max(verdict, UNSURE)
    return verdict


def _struck(props: dict[str, tuple[Any, ...]]) -> int:
    line = props.get("text-decoration-line", ())
    return HIDDEN if any(_ident(t) == "line-through" for t in line) else SHOWN


def _box(props: dict[str, tuple[Any, ...]], look: Look, *, block: bool) -> int:
    """What an element's box does to everything it holds: not laid out, moved off the page, clipped, shrunk
    or boxed to nothing with what overflows cut."""
    word = {name: _ident(value[0]) if value else "" for name, value in props.items()}
    if word.get("display") == "none" or word.get("content-visibility") == "hidden":
        return HIDDEN
    # ("mso-hide:all" hides in Outlook alone: in every other client the text shows)
    verdict = UNSURE if word.get("mso-hide") == "all" else SHOWN
    position = word.get("position", "static")
    positioned = position in ("absolute", "fixed")
    display = word.get("display")
    sized = (
        positioned
        or word.get("float") in ("left", "right")
        or (block if display is None else display not in ("inline", "contents"))
    )
    font = look.font_px
    # moved off the page: by its offsets where it is positioned, by margins its padding does not make up
    shifts: list[float | None] = []
    if position != "static":
        for side, sign in (("left", 1), ("top", 1), ("right", -1), ("bottom", -1)):
            if side in props:
                px = _px(props[side][0], font)
                shifts.append(None if px is None else sign * px)
    for axis in ("left", "top"):
        margin = _px(props[f"margin-{axis}"][0], font) if f"margin-{axis}" in props else 0.0
        padding = _px(props[f"padding-{axis}"][0], font) if f"padding-{axis}" in props else 0.0
        shifts.append(None if margin is None or padding is None else margin + max(padding, 0.0))
    if sized and look.text_indent != 0.0:
        # (an indent moves a block's first line, and is inherited by the blocks inside it)
        shifts.append(look.text_indent)
    for shift in shifts:
        verdict = max(verdict, _shifted(shift))
    verdict = max(verdict, _transformed(props, font))
    verdict = max(verdict, _clipped(props, font, positioned=positioned))
    # boxed to nothing with what overflows cut ("max-height:0;overflow:hidden", the sr-only 1px box); a
    # width or height does nothing to an inline element, so there it is only unsure
    cut = word.get("overflow-x") in ("hidden", "clip") or word.get("overflow-y") in ("hidden", "clip")
    if cut:
        smallest = None
        for side in ("width", "height", "max-width", "max-height"):
            if side in props and (px := _px(props[side][0], font)) is not None:
                smallest = px if smallest is None else min(smallest, px)
        if "height" not in props and "max-height" not in props and "line-height" in props:
            # (a box as tall as its lines, each line none: "line-height:0;overflow:hidden")
            line = props["line-height"][0]
            px = (
                float(line.value) * (font or 16.0)
                if getattr(line, "type", "") == "number"
                else _px(line, font)
            )
            if px is not None:
                smallest = px if smallest is None else min(smallest, px)
        if smallest is not None and smallest <= lx.NLU109_BOX_PX_UNSEEN:
            verdict = max(verdict, HIDDEN if sized else UNSURE)
        elif smallest is not None and smallest < lx.NLU109_BOX_PX_SMALL:
            verdict = max(verdict, UNSURE)
    if "filter" in props:
        for token in props["filter"]:
            if token.type == "function" and token.lower_name not in lx.NLU109_CSS_HARMLESS_FILTERS:
                verdict = max(verdict, UNSURE)
    return verdict


def _shifted(shift: float | None) -> int:
    if shift is None:
        return UNSURE
    if shift <= -lx.NLU109_OFF_PAGE_PX:
        return HIDDEN
    if shift <= -lx.NLU109_SHIFT_PX_UNSURE:
        return UNSURE
    return SHOWN


def _transformed(props: dict[str, tuple[Any, ...]], font: float | None) -> int:
    verdict = SHOWN
    for token in props.get("transform", ()):
        if token.type != "function":
            continue
        name = token.lower_name
        args = [t for t in token.arguments if t.type not in ("whitespace", "literal")]
        if name.startswith("translate"):
            for arg in args:
                verdict = max(verdict, _shifted(_px(arg, font)))
        elif name.startswith("scale"):
            for arg in args:
                verdict = max(verdict, _scaled(_factor((arg,))))
        elif name not in lx.NLU109_CSS_HARMLESS_TRANSFORMS:
            verdict = max(verdict, UNSURE)  # ("matrix(...)": where it puts the text is not read)
    for token in props.get("translate", ()):
        verdict = max(verdict, _shifted(_px(token, font)))
    for token in props.get("scale", ()):
        if _ident(token) != "none":
            verdict = max(verdict, _scaled(_factor((token,))))
    return verdict


def _scaled(factor: float | None) -> int:
    if factor is None:
        return UNSURE
    if abs(factor) < lx.NLU109_SCALE_UNSEEN:
        return HIDDEN
    return UNSURE if abs(factor) < lx.NLU109_SCALE_SMALL else SHOWN


def _clipped(props: dict[str, tuple[Any, ...]], font: float | None, *, positioned: bool) -> int:
    verdict = SHOWN
    for token in props.get("clip", ()):
        if token.type == "function" and token.lower_name == "rect":
            # (a clip holds only on an absolutely placed box; elsewhere a mail client may place it so)
            sizes = [_px(t, font) for t in token.arguments if t.type in ("dimension", "number")]
            tiny = len(sizes) == 4 and None not in sizes
            if tiny:
                top, right, bottom, left = (s or 0.0 for s in sizes)
                tiny = right - left <= lx.NLU109_BOX_PX_UNSEEN or bottom - top <= lx.NLU109_BOX_PX_UNSEEN
            verdict = max(verdict, HIDDEN if tiny and positioned else UNSURE)
    for token in props.get("clip-path", ()):
        if token.type == "function" and token.lower_name == "inset":
            cuts = [t for t in token.arguments if t.type == "percentage"]
            verdict = max(verdict, HIDDEN if cuts and max(t.value for t in cuts) >= 50 else UNSURE)
        elif token.type in ("function", "url"):
            verdict = max(verdict, UNSURE)
    return verdict


# ---- values ---------------------------------------------------------------------------------------------


def _ident(token: Any) -> str:
    if isinstance(token, str):
        return token.lower()
    return str(token.lower_value) if getattr(token, "type", "") == "ident" else ""


def _px(token: Any, font: float | None) -> float | None:
    """A length in pixels (None where it depends on what the reader cannot know: a percentage, "auto")."""
    kind = getattr(token, "type", "")
    if kind == "number":
        return float(token.value) if token.value == 0 else None
    if kind != "dimension":
        return None
    unit = token.lower_unit
    if unit in ("em", "rem", "ex", "ch"):
        base = font if unit == "em" else 16.0
        if base is None:
            return None
        return float(token.value) * base * (0.5 if unit in ("ex", "ch") else 1.0)
    per = lx.NLU109_CSS_PX_PER_UNIT.get(unit)
    return None if per is None else float(token.value) * per


def _font_px(value: tuple[Any, ...], parent: float | None) -> float | None:
    if not value:
        return parent
    token = value[0]
    word = _ident(token)
    if word in lx.NLU109_CSS_FONT_SIZES:
        return lx.NLU109_CSS_FONT_SIZES[word]
    if word in ("smaller", "larger"):
        return None if parent is None else parent * (1 / 1.2 if word == "smaller" else 1.2)
    if getattr(token, "type", "") == "percentage":
        return None if parent is None else parent * float(token.value) / 100
    if getattr(token, "type", "") == "dimension" and token.lower_unit == "em":
        return None if parent is None else parent * float(token.value)
    return _px(token, parent)


def _factor(value: tuple[Any, ...]) -> float | None:
    """A number or percentage as a factor: "0", ".5", "0%", "50%"."""
    if not value:
        return None
    token = value[0]
    kind = getattr(token, "type", "")
    if kind == "number":
        return float(token.value)
    if kind == "percentage":
        return float(token.value) / 100
    return None


def _colour(token: Any) -> _Colour | None:
    """A colour in any syntax CSS has ("#fff0", "rgb(255 255 255)", "hsl(0,0%,100%)", "transparent"), as
    sRGB with its alpha; None where it is no colour or one the reader cannot convert."""
    from tinycss2 import color4

    try:
        parsed = color4.parse_color(token)
        if parsed is None or isinstance(parsed, str):
            return None
        srgb = parsed.to("srgb")
        r, g, b = (max(0.0, min(1.0, float(c))) for c in srgb.coordinates)
        return (r, g, b, max(0.0, min(1.0, float(srgb.alpha))))
    except (NotImplementedError, ValueError, TypeError, AttributeError):
        return None


def _colour_of(value: tuple[Any, ...], current: _Colour | None) -> _Colour | None:
    if len(value) != 1:
        return None
    token = value[0]
    if _ident(token) == "currentcolor":
        return current
    if isinstance(token, str):
        # (an attribute's colour, "#fefefe", "white" or the "fefefe" older mail writes without its "#")
        return _colour("#" + token if lx.NLU109_BARE_HEX.fullmatch(token) else token)
    return _colour(token)


def _over(top: _Colour, under: _Colour) -> _Colour:
    """A colour with its alpha laid over an opaque one."""
    alpha = top[3]
    return (
        top[0] * alpha + under[0] * (1 - alpha),
        top[1] * alpha + under[1] * (1 - alpha),
        top[2] * alpha + under[2] * (1 - alpha),
        1.0,
    )


def _contrast(a: _Colour, b: _Colour) -> float:
    """WCAG's contrast ratio of two opaque colours: 1 where they are the same, 21 for black on white."""

    def luminance(c: _Colour) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2])

    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
