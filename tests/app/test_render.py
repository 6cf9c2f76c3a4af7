"""Safe rendering of document and model text (pure functions)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.render import (
    StreamSanitizer,
    badge_markers,
    citation_markers,
    cost_label,
    markdown_link,
    plain_inline,
    safe_markdown,
    safe_url,
    shorten,
)

NON_HTTP_LINK = re.compile(r"\]\(\s*(?!https?://)", re.I)


def test_script_tags_become_text():
    out = safe_markdown('Learn Python <script>alert("x")</script> now')
    assert "<" not in out and ">" not in out
    assert "&lt;script&gt;alert(\"x\")&lt;/script&gt;" in out


@pytest.mark.parametrize(
    "trick",
    [
        "[click](javascript:alert(1))",
        "[click]( javascript:alert(1) )",
        "[click](JaVaScRiPt:alert(1))",
        "[click](<javascript:alert(1)>)",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox)",
        "[click](/relative/path)",
        "[click](mailto:someone@example.org)",
        "[click](java\nscript:alert(1))",
        "[click](&#106;avascript:alert(1))",
    ],
)
def test_links_to_anything_but_http_are_inert(trick):
    out = safe_markdown(f"See {trick} for more")
    assert not NON_HTTP_LINK.search(out), out
    assert "click" in out  # the text stays readable


def test_http_and_https_links_stay_clickable():
    out = safe_markdown("[Docs](https://docs.python.org/3/) and [Old](http://example.org/a?b=1&c=2)")
    assert "[Docs](https://docs.python.org/3/)" in out
    assert "[Old](http://example.org/a?b=1&amp;c=2)" in out  # the entity decodes back to &


def test_link_with_parentheses_and_title():
    out = safe_markdown('[Wiki](https://en.wikipedia.org/wiki/Python_(language) "title") ok')
    assert "](https://en.wikipedia.org/wiki/Python_%28language%29)" in out


def test_images_and_reference_definitions_are_inert():
    out = safe_markdown("![pixel](https://tracker.example/p.png)\n[x][evil]\n\n[evil]: javascript:alert(3)\n")
    assert "![" not in out
    assert not re.search(r"^\s*\[[^\]]+\]:", out, re.M)


def test_html_attributes_and_anchors_are_inert():
    out = safe_markdown('<img src=x onerror=alert(1)> <a href="javascript:alert(2)">x</a>')
    assert "<" not in out


def test_dollar_signs_do_not_start_math():
    assert safe_markdown("costs $20 to $50") == "costs \\$20 to \\$50"


def test_formatting_survives():
    text = "**Step 7** [1]\n\n| a | b |\n|---|---|\n| x | y |\n\n- item"
    assert safe_markdown(text) == text


def test_controls_are_removed_and_empty_is_empty():
    assert safe_markdown("a\x00b\x1bc") == "a b c"
    assert safe_markdown(None) == "" and safe_markdown("") == ""


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://example.org/x", "https://example.org/x"),
        ("http://example.org", "http://example.org"),
        ("  https://example.org  ", "https://example.org"),
        ("javascript:alert(1)", None),
        ("data:text/html,x", None),
        ("ftp://example.org", None),
        ("//example.org", None),
        ("https://", None),
        ("https://exa mple.org", None),
        ("https://@evil", None),
        (None, None),
        ("", None),
    ],
)
def test_safe_url(url, expected):
    assert safe_url(url) == expected


def test_markdown_link_only_for_http():
    assert markdown_link("Docs", "https://x.org/a b") == "Docs (https\\://x\\.org/a b)"
    assert markdown_link("Docs", "https://x.org/(a)") == "[Docs](https://x.org/%28a%29)"
    assert markdown_link("Bad", "javascript:alert(1)") == "Bad (javascript\\:alert\\(1\\))"
    assert markdown_link("[x](y)", None) == "\\[x\\]\\(y\\)"


def test_plain_inline_escapes_every_markdown_character():
    out = plain_inline("**Step 7** > [x](javascript:y) <b> $5 :red[z]\nnext")
    assert "\n" not in out and "<" not in out
    assert not NON_HTTP_LINK.search(out.replace("\\]\\(", ""))
    assert re.sub(r"\\(.)", r"\1", out).replace("&lt;", "<") == "**Step 7** > [x](javascript:y) <b> $5 :red[z] next"


def test_citation_markers_and_badges():
    text = "A [1], B [2][3] and [1] again; link [4](https://x.org) and \\[5]"
    assert citation_markers(text) == [1, 2, 3, 4, 5]
    out = badge_markers(text)
    assert ":blue-badge[1]" in out and ":blue-badge[2]:blue-badge[3]" in out
    assert "[4](https://x.org)" in out  # a link whose text is a number stays a link
    assert "\\[5]" in out


def test_shorten_cuts_at_a_word():
    text = "word " * 100
    short, cut = shorten(text, 50)
    assert cut and len(short) <= 52 and short.endswith(" …")
    assert shorten("short text", 50) == ("short text", False)


def test_cut_link_fails_safe():
    short, _ = shorten("see [the docs](https://docs.python.org/3/tutorial/index.html) " * 3, 40)
    assert not NON_HTTP_LINK.search(safe_markdown(short))


def test_cost_labels():
    assert cost_label("free") == ("Free", "green")
    assert cost_label("paid") == ("Paid", "orange")
    assert cost_label("freemium") == ("Freemium", "blue")
    assert cost_label(None) == ("Cost unknown", "gray")


DANGER = st.sampled_from([
    "<script>alert(1)</script>", "[a](javascript:alert(1))", "](", "]:", "![i](https://x.org/i.png)",
    "[b](https://ok.org/x)", " ", "\n", "[", "]", "(", ")", "javascript:", "<", ">", "$", "!", "https://",
])


@settings(max_examples=300, deadline=None)
@given(parts=st.lists(st.one_of(DANGER, st.text(max_size=6)), max_size=30),
       cuts=st.lists(st.integers(min_value=1, max_value=9), min_size=1, max_size=20))
def test_stream_sanitizer_never_lets_a_construct_through(parts, cuts):
    text = "".join(parts)
    pieces, position, i = [], 0, 0
    while position < len(text):
        size = cuts[i % len(cuts)]
        pieces.append(text[position:position + size])
        position, i = position + size, i + 1
    streamed = "".join(StreamSanitizer().wrap(pieces))
    for out in (streamed, safe_markdown(text)):
        assert "<" not in out and ">" not in out
        assert not NON_HTTP_LINK.search(out)
        assert "![" not in out and "]:" not in out


def test_stream_sanitizer_matches_whole_text_on_word_boundaries():
    text = "Learn **NLP** [1]: see [docs](https://x.org/a) and <b>tags</b>.\n- $5 item [2]\n"
    pieces = [text[i:i + 3] for i in range(0, len(text), 3)]
    assert "".join(StreamSanitizer().wrap(pieces)) == safe_markdown(text)
