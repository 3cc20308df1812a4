"""The one Markdown renderer: CommonMark without raw HTML, cleaned by nh3, links marked rel="nofollow"."""
from __future__ import annotations

from functools import cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

#: What a rendered text may hold: text structure, emphasis, lists, quotes, code and links; never a script,
#: a style, an image or an element a reader could be tricked by.
TAGS = {"p", "br", "em", "strong", "ul", "ol", "li", "blockquote", "code", "pre", "a", "h3", "h4", "h5", "h6", "hr"}


@cache
def _parser() -> MarkdownIt:
    # html=False: any HTML typed is shown as text; headings are shown one level down the page (h1/h2 belong to it).
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})


def render(text: str | None) -> Markup:
    """User-written Markdown as safe HTML."""
    html = _parser().render(text or "")
    for level in (2, 1):
        html = html.replace(f"<h{level}>", f"<h{level + 2}>").replace(f"</h{level}>", f"</h{level + 2}>")
    cleaned = nh3.clean(html, tags=TAGS, attributes={"a": {"href", "title"}}, url_schemes={"http", "https", "mailto"},
                        link_rel="nofollow noopener noreferrer")
    return Markup(cleaned)


def has_markup(text: str) -> bool:
    """Whether plain text holds HTML-like markup ("<b>", "<script>") where only plain words are wanted."""
    return bool(nh3.is_html(text or ""))
