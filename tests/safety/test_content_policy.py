"""The content HTML policy: what editors' Markdown may become, checked and enforced.

``etulinja check`` refuses what the policy does not allow at the editor's file and line,
in plain words; the sanitiser applies the same policy to every page body as it is made,
so a gap in the check never reaches a reader.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from etulinja.sources import markup
from tests.support.content import article
from tests.support.portal import run_etulinja

# Markdown that must be refused: (text, line of the problem, words the message has).
REFUSED = [
    ("Teksti <script>alert(1)</script>", 1, "<script> is not allowed: scripts would run"),
    ("a\n\n<script src=\"https://evil.example/x.js\"></script>", 3, "<script>"),
    ("a\n\n<style>body{display:none}</style>", 3, "<style> is not allowed"),
    ("<iframe src=\"https://www.youtube.com/embed/x\"></iframe>", 1, "<iframe> is not allowed"),
    ("a\n\nb\n\n<object data=\"x.swf\"></object>", 5, "<object> is not allowed"),
    ("<embed src=\"x.swf\">", 1, "<embed> is not allowed"),
    ("<form action=\"https://evil.example/\"><input name=q></form>", 1, "<form> is not allowed"),
    ("a\n\n<img src=\"kuva.png\" alt=\"\" onerror=\"alert(1)\">", 3, "onerror= on <img>"),
    ("<p onclick=\"alert(1)\">teksti</p>", 1, "onclick= on <p>"),
    ("Kappale\n{: onmouseover=\"alert(1)\" }", 2, "onmouseover= on <p>"),
    ("<p style=\"color:red\">teksti</p>", 1, "style= on <p>"),
    ("a\n\n[linkki](javascript:alert(1))", 3, "a link to 'javascript:alert(1)'"),
    ("[linkki](JavaScript:alert(1))", 1, "a link to 'JavaScript:alert(1)'"),
    ("[linkki](vbscript:msgbox(1))", 1, "a link to 'vbscript:msgbox(1)'"),
    ("[linkki](data:text/html;base64,PHNjcmlwdD4=)", 1, "a link to 'data:text/html"),
    ("[linkki](java&#115;cript:alert(1))", 1, "a link to 'javascript:alert(1)'"),
    ("<a href=\"java\tscript:alert(1)\">x</a>", 1, "a link to"),
    ("<a href=\"&#106;avascript:alert(1)\">x</a>", 1, "a link to"),
    ("a\n\n[viite][r]\n\nb\n\n[r]: javascript:alert(1)", 7, "a link to 'javascript:alert(1)'"),
    ("![pikseli](https://tracker.example/p.gif)", 1, "an image or media file from another site"),
    ("<img src=\"//tracker.example/p.gif\" alt=\"\">", 1, "from another site"),
    ("<video src=\"https://cdn.example/v.mp4\" controls></video>", 1, "from another site"),
    ("<svg><script>alert(1)</script></svg>", 1, "<svg> is not allowed"),
    ("<meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">", 1, "<meta>"),
    ("<base href=\"https://evil.example/\">", 1, "<base>"),
    ("<link rel=\"stylesheet\" href=\"https://evil.example/x.css\">", 1, "<link>"),
    ("<marquee>hei</marquee>", 1, "<marquee> is not allowed"),
    ("<a href=\"https://example.fi/\" target=\"_blank\">x</a>", 1, "target= on <a>"),
]

# Markdown editors need, which must pass the check and come out as written.
ALLOWED = [
    "!!! tip \"Vinkki\"\n    Teksti.",
    "??? note \"Lisää\"\n    Piilotettu teksti.",
    "| a | b |\n|:-:|--:|\n| 1 | 2 |",
    "![Kuva](kuva.png) ja ![Kaavio](/assets/kaavio.svg)",
    "![Piste](data:image/png;base64,iVBORw0KGgo=)",
    "[Sähköposti](mailto:neuvonta@example.fi) ja [soita](tel:+358401234567)",
    "[MIELI ry](https://mieli.fi/) ja <https://mieli.fi/>",
    "[Unisivu](sleep.md#vinkit) ja [ylös](#alku)",
    "Teksti <abbr title=\"Kognitiivinen käyttäytymisterapia\">KKT</abbr> ja <kbd>Ctrl</kbd>",
    "<span lang=\"sv\">på svenska</span>",
    "<details><summary>Avaa</summary>\n\nSisältö\n\n</details>",
    "## Otsikko {#oma-ankkuri}",
    "```python\nprint('<script>')\n```",
    "Koodi `<script>` tekstinä",
    "1 < 2 & 3 > 2",
]


@pytest.mark.parametrize(("text", "line", "words"), REFUSED,
                         ids=[f"refused-{i}" for i in range(len(REFUSED))])
def test_check_refuses_at_the_line(text: str, line: int, words: str) -> None:
    found = markup.check_markdown(text, first_line=10)
    assert found, f"not refused: {text!r}"
    assert any(at == 9 + line and words in message for at, message in found), found


@pytest.mark.parametrize("text", [t for t, _, _ in REFUSED],
                         ids=[f"sanitised-{i}" for i in range(len(REFUSED))])
def test_the_sanitiser_removes_what_the_check_refuses(text: str) -> None:
    """The second line of defence: what the check would refuse never reaches a page."""
    html = markup.render(text)
    assert markup.violations(html) == [], html
    assert "<script" not in html and "javascript:" not in html.lower()
    assert "tracker.example" not in html and "evil.example" not in html


@pytest.mark.parametrize("text", ALLOWED, ids=[f"allowed-{i}" for i in range(len(ALLOWED))])
def test_what_editors_need_passes_and_is_kept(text: str) -> None:
    assert markup.check_markdown(text) == []
    # the sanitiser writes void elements the HTML5 way (<img>, not <img />)
    assert markup.render(text) == markup._render_unsanitised(text).replace(" />", ">")


def test_table_alignment_is_a_class_not_an_inline_style() -> None:
    html = markup.render("| a | b |\n|:-:|--:|\n| 1 | 2 |")
    assert 'class="etu-align-center"' in html and 'class="etu-align-right"' in html
    assert "style=" not in html


def test_each_of_several_problems_gets_its_own_line() -> None:
    text = "<script>a()</script>\n\nTeksti\n\n<script>b()</script>\n\n[x](javascript:c())"
    found = markup.check_markdown(text, first_line=1)
    assert [line for line, _ in found] == [1, 5, 7]


def test_mkdocs_gets_the_same_markdown_with_the_policy(tmp_path: Path) -> None:
    """The hook hands MkDocs Etulinja's Markdown configuration, policy included."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "etulinja_site_hook", Path(__file__).resolve().parents[2] / "hooks/etulinja_site.py")
    assert spec is not None and spec.loader is not None
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    config = SimpleNamespace(markdown_extensions=["toc", "tables", "fenced_code"],
                             mdx_configs={})
    hook.on_config(config)
    assert config.markdown_extensions == list(markup.MARKDOWN_EXTENSIONS)
    assert markup.POLICY_EXTENSION in config.markdown_extensions
    own = SimpleNamespace(markdown_extensions=["toc", "tables", "fenced_code", "footnotes"],
                          mdx_configs={})
    with pytest.raises(Exception, match="remove markdown_extensions"):
        hook.on_config(own)


ARTICLE = article("2026-11-01", **{"Tekstiä.": (
    "Ensimmäinen kappale.\n\n<iframe src=\"https://www.youtube.com/embed/x\"></iframe>\n\n"
    "Toinen kappale, jossa [linkki](javascript:alert(1)).")})


def test_check_reports_unsafe_markdown_at_the_article_line(portal: Path) -> None:
    (portal / "docs/articles/unsafe.fi.md").write_text(ARTICLE, encoding="utf-8")
    (portal / "docs/articles/unsafe.sv.md").write_text(
        ARTICLE.replace("<iframe", "<object").replace("iframe>", "object>"), encoding="utf-8")
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert "docs/articles/unsafe.fi.md:13: HTML <iframe> is not allowed" in result.stderr
    assert "docs/articles/unsafe.fi.md:15: a link to 'javascript:alert(1)'" in result.stderr
    assert "docs/articles/unsafe.sv.md:13: HTML <object> is not allowed" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_unsafe_markdown_in_a_step(portal: Path) -> None:
    step = portal / "self_care/sleep/wind-down.sv.md"
    lines = step.read_text(encoding="utf-8").splitlines()
    lines.append("")
    lines.append("![spårning](https://tracker.example/p.gif)")
    step.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    assert (f"self_care/sleep/wind-down.sv.md:{len(lines)}: an image or media file from "
            "another site") in result.stderr


def test_check_reports_unsafe_markdown_in_a_service_description(portal: Path) -> None:
    service = portal / "catalogue/services/paijat-hame/paijat-hame-short-therapy.yml"
    text = service.read_text(encoding="utf-8")
    start = text.index("description:")
    end = text.index("\norganisation:")
    text = (text[:start] + "description:\n  fi: |\n    Ensimmäinen rivi.\n\n"
            "    <img src=\"x.png\" alt=\"\" onerror=\"alert(1)\">\n"
            "  sv: Beskrivning med [länk](vbscript:x).\n" + text[end:])
    service.write_text(text, encoding="utf-8")
    line_of = {row.strip(): n for n, row in enumerate(text.splitlines(), 1)}
    result = run_etulinja(portal, "check")
    assert result.returncode == 1
    rel = "catalogue/services/paijat-hame/paijat-hame-short-therapy.yml"
    img_line = line_of['<img src="x.png" alt="" onerror="alert(1)">']
    sv_line = line_of["sv: Beskrivning med [länk](vbscript:x)."]
    assert f"{rel}:{img_line}: description.fi: the attribute onerror= on <img>" in result.stderr
    assert f"{rel}:{sv_line}: description.sv: a link to 'vbscript:x'" in result.stderr
