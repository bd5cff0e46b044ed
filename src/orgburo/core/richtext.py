"""Rich text that people write (a directive's body, later an article): Markdown, drawn as HTML.

markdown-it-py (CommonMark, maintained, typed) reads it with raw HTML switched off, so what is
written is text and formatting, never markup; nh3 (a binding of the Rust sanitiser ammonia)
then keeps only the tags and attributes listed here, as a second guard. Links open safely:
only http, https and mailto, and with rel="noopener noreferrer".
"""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt

_reader = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")

TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "hr",
    "h1", "h2", "h3", "h4", "a", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}


def markdown_html(text: str) -> str:
    """The text's HTML: safe to put on a page as it is."""
    return nh3.clean(
        _reader.render(text),
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
