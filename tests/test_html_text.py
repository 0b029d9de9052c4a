"""Feed entry HTML (and .html files) as plain text: blocks, lists, tables, hostile text."""

from __future__ import annotations

from pathlib import Path

from conftest import wait_ready

from reader.corpus.feeds import parse_feed
from reader.corpus.html_text import html_to_text
from reader.ui.screens.article import ArticleScreen


def test_paragraphs_links_scripts_and_whitespace() -> None:
    out = html_to_text(
        '<p>First <b>bold</b> &amp; a <a href="https://e.org/page">link</a>.</p>\n'
        "<p>Second&nbsp;paragraph,   spread\n   over\tlines.</p>"
        '<script>alert("x")</script><style>p { color: red }</style><p>Third.</p>'
    )
    assert out == "First bold & a link.\n\nSecond paragraph, spread over lines.\n\nThird."


def test_markup_lookalikes_in_text_stay_text() -> None:
    out = html_to_text(
        "<h1>Title</h1><p>1. Not a list * star [x] \\ back</p><blockquote>q</blockquote>"
        "<hr><p><img src='a.png' alt='pic'>after</p><p># hash</p><p>&gt; quoted</p>"
    )
    assert out == "Title\n\n1. Not a list * star [x] \\ back\n\nq\n\nafter\n\n# hash\n\n> quoted"


def test_nested_lists_one_item_a_line() -> None:
    out = html_to_text(
        "<p>Intro</p><ul><li>one<ul><li>one.a</li><li>one.b</li></ul></li>"
        "<li>two<ol><li>first</li><li>second</li></ol></li></ul>"
        "Then<ol><li>x<ul><li>y</li></ul></li></ol>end"
    )
    assert out == (
        "Intro\n\n• one\n  • one.a\n  • one.b\n• two\n  1. first\n  2. second\n\nThen\n\n1. x\n   • y\n\nend"
    )


def test_list_numbers_from_start_and_value_and_bad_ones_ignored() -> None:
    assert html_to_text('<ol start="5"><li>e</li><li value="9">i</li><li>j</li></ol>') == "5. e\n9. i\n10. j"
    hostile = f'<ol start="-2"><li value="²">a</li><li value="{"9" * 5000}">b</li></ol>'
    assert html_to_text(hostile) == "1. a\n2. b"


def test_table_rows_one_a_line() -> None:
    out = html_to_text(
        "<p>Before</p><table><thead><tr><th>Country</th><th>Capital</th></tr></thead>"
        "<tbody><tr><td>Qatar</td><td>Doha</td></tr><tr><td>Egypt</td><td>Cairo</td></tr>"
        "</tbody></table><p>After</p>"
    )
    assert out == "Before\n\nCountry | Capital\nQatar   | Doha\nEgypt   | Cairo\n\nAfter"


def test_line_breaks_and_definition_lists() -> None:
    assert html_to_text("one<br>two<br/>three<br><br><br><br>four") == "one\ntwo\nthree\n\nfour"
    assert html_to_text("<dl><dt>Term</dt><dd>Meaning</dd></dl>") == "Term\n  Meaning"


def test_entities_decoded_once() -> None:
    out = html_to_text("&lt;b&gt;not a tag&lt;/b&gt; &copy; &#8220;q&#8221; &eacute;&nbsp;&nbsp;x AT&T &amp;amp;")
    assert out == "<b>not a tag</b> © “q” é x AT&T &amp;"
    # written as text, an entity stays text, in a table too (inscriptis alone decodes it again)
    assert html_to_text("<p>Smith&amp;notes, &amp;lt;</p><table><tr><td>&amp;lt;</td></tr></table>") == (
        "Smith&notes, &lt;\n\n&lt;"
    )


def test_hostile_text_is_data_and_controls_are_replaced() -> None:
    markup = "<p>[bold]x[/bold] [link=http://e]y[/link] \x1b[31mred &#27;]2;PWNED\x07 \ud800 kept</p><p>more</p>"
    expected = "[bold]x[/bold] [link=http://e]y[/link] \ufffd[31mred \ufffd]2;PWNED\ufffd \ufffd kept\n\nmore"
    assert html_to_text(markup) == expected
    feed = (
        '<rss version="2.0"><channel><title>W</title><item><title>T</title><link>https://e.org/1</link>'
        "<description>&lt;p&gt;[bold]x[/bold] &amp;#27;[2J &lt;/p&gt;</description></item></channel></rss>"
    )
    (article,) = parse_feed(feed.encode(), "w.xml").articles
    assert article.text == "[bold]x[/bold] \ufffd[2J"


def test_markup_nested_past_the_parser_limit_does_not_fail() -> None:
    assert html_to_text("<p>start</p>" + "<b>" * 5000 + "deep").startswith("start")


def test_plain_text_keeps_its_words() -> None:
    assert html_to_text("  Plain   text\nonly ") == "Plain text only"
    assert html_to_text("") == ""
    assert html_to_text("<!-- nothing -->") == ""


FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire</title>
<item><title>Talks</title><link>https://e.org/1</link><description><![CDATA[
<p>Qatar said <a href="https://e.org/q">talks</a> went on.</p>
<ul><li>first point</li><li>second point</li></ul>
<table><tr><td>Doha</td><td>1</td></tr></table>
<p>[bold]not markup[/bold] &amp; done</p><script>document.write("x")</script>
]]></description></item></channel></rss>
"""


async def test_feed_html_reads_as_text_in_the_article(make_app, tmp_path: Path) -> None:
    path = tmp_path / "wire.xml"
    path.write_text(FEED, encoding="utf-8")
    app = make_app(path)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_ready(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        view = app.screen.view
        lines = ["".join(seg.text for seg in view.render_line(y))[view.text_left :].rstrip() for y in range(9)]
    assert lines == [
        "Qatar said talks went on.",
        "",
        "• first point",
        "• second point",
        "",
        "Doha | 1",
        "",
        "[bold]not markup[/bold] & done",
        "",
    ]
