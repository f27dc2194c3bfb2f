"""Loading editors' YAML and files: bad input is a problem at the right line, never a crash.

Each case goes through the public functions (``load_yaml``, ``split_front_matter``,
``schema.validate``, ``read_source``) with real text or real files, and asserts the line
an editor would be sent to and the gist of what they are told.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from etulinja.sources import schema
from etulinja.sources.files import decode_source, read_source, read_source_bytes
from etulinja.sources.problems import Problems
from etulinja.sources.yamldoc import (
    MAX_ALIAS_VALUES,
    YamlSyntaxError,
    load_yaml,
    split_front_matter,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
SERVICE = FIXTURES / "catalogue" / "services" / "paijat-hame" / "ph-guided-self-care.yml"


def yaml_error(text: str) -> YamlSyntaxError:
    with pytest.raises(YamlSyntaxError) as caught:
        load_yaml(text)
    return caught.value


def front_matter_error(*meta: str) -> YamlSyntaxError:
    """The error for a Markdown file whose front matter holds the ``meta`` lines.

    The opening ``---`` is line 1, so ``meta[0]`` is line 2.
    """
    with pytest.raises(YamlSyntaxError) as caught:
        split_front_matter("---\n" + "".join(f"{row}\n" for row in meta) + "---\n\nTeksti.\n")
    return caught.value


# --- aliases that would expand without end -------------------------------------------------

BILLION_LAUGHS = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join(['*' + previous] * 9)}]\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)
MERGE_BOMB = "a: &a {x: 1, y: 2}\n" + "".join(
    f"{name}: &{name} {{<<: [{', '.join(['*' + previous] * 9)}]}}\n"
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("text", "line", "alias"),
    [
        # b adds 90 values, c 819, d 7,380: the first *d on line 5 crosses 10,000
        pytest.param(BILLION_LAUGHS, 5, "*d", id="billion-laughs"),
        pytest.param(MERGE_BOMB, 5, "*d", id="merge-keys"),
        pytest.param("x: 1\n" + BILLION_LAUGHS, 6, "*d", id="line-counted-from-the-top"),
    ],
)
def test_alias_bomb_is_refused_quickly_at_the_alias(text: str, line: int, alias: str) -> None:
    assert len(BILLION_LAUGHS) < 450
    started = time.perf_counter()
    error = yaml_error(text)
    assert time.perf_counter() - started < 1.0
    assert error.line == line
    assert f"this alias ({alias}) stands for" in error.message
    assert f"more than {MAX_ALIAS_VALUES:,} allowed" in error.message
    assert "write the values out instead of using aliases" in error.message


def test_alias_bomb_in_front_matter_counts_the_opening_dashes() -> None:
    error = front_matter_error(*BILLION_LAUGHS.splitlines())
    assert error.line == 6
    assert "this alias (*d)" in error.message


def test_aliases_within_the_limit_are_expanded() -> None:
    # 9 * 1,000 = 9,000 values added by aliases: allowed
    items = ", ".join(["x"] * 999)
    doc = load_yaml(f"a: &a [{items}]\nb: [{', '.join(['*a'] * 9)}]\n")
    assert len(doc.data["b"]) == 9
    assert doc.data["b"][8] == ["x"] * 999


def test_a_large_file_written_out_is_not_mistaken_for_an_alias_bomb() -> None:
    text = "items:\n" + "".join(f"  - {n}\n" for n in range(3 * MAX_ALIAS_VALUES))
    assert len(load_yaml(text).data["items"]) == 3 * MAX_ALIAS_VALUES


def test_a_large_file_with_a_small_alias_loads() -> None:
    text = "a: &a [1, 2]\nb: *a\nitems:\n" + "".join(
        f"  - {n}\n" for n in range(MAX_ALIAS_VALUES + 10)
    )
    assert load_yaml(text).data["b"] == [1, 2]


def test_ordinary_aliases_keep_values_and_lines() -> None:
    doc = load_yaml(
        "phone: &phone\n"  # 1
        "  number: 03 555 0142\n"  # 2
        "  label: Ajanvaraus\n"  # 3
        "phones:\n"  # 4
        "  - *phone\n"  # 5
        "  - number: 116117\n"  # 6
    )
    assert doc.data["phones"][0] == {"number": "03 555 0142", "label": "Ajanvaraus"}
    assert doc.line_of(["phones", 0]) == 1  # where the repeated value is written
    assert doc.line_of(["phones", 0, "number"]) == 2
    assert doc.line_of(["phones", 1, "number"]) == 6


def test_merge_key_values_written_here_win_and_keep_their_lines() -> None:
    doc = load_yaml(
        "defaults: &defaults\n"  # 1
        "  charge: {free: true}\n"  # 2
        "  languages: [fi]\n"  # 3
        "service:\n"  # 4
        "  <<: *defaults\n"  # 5
        "  languages: [fi, sv]\n"  # 6
    )
    assert doc.data["service"] == {"charge": {"free": True}, "languages": ["fi", "sv"]}
    assert doc.line_of(["service", "languages"]) == 6
    assert doc.line_of(["service", "charge"]) == 2


def test_of_several_merged_mappings_the_first_wins() -> None:
    doc = load_yaml("a: &a {x: 1}\nb: &b {x: 2, y: 2}\nc:\n  <<: [*a, *b]\n")
    assert doc.data["c"] == {"x": 1, "y": 2}


def test_a_key_written_twice_beside_a_merge_is_still_a_duplicate() -> None:
    error = yaml_error("a: &a {x: 1}\nc:\n  <<: *a\n  y: 1\n  y: 2\n")
    assert (error.line, error.message) == (5, "duplicate key 'y' (first given on line 4)")


# --- quotes ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "line", "gist"),
    [
        pytest.param(
            ["title: Uni", 'summary: "Uni ja lepo', "audience: [citizens]", 'topics: ["sleep"]'],
            3,
            'a quote (") opened on this line is not closed on the same line, so YAML reads on '
            'to the next " on line 5',
            id="double-quote-closed-lines-later",
        ),
        pytest.param(
            ["title: 'Uni", "summary: Let's sleep", "audience: [citizens]"],
            2,
            "a quote (') opened on this line is not closed on the same line",
            id="single-quote-closed-by-an-apostrophe",
        ),
        pytest.param(
            ["title: Uni", 'summary: "Uni ja lepo', "audience: [citizens]"],
            3,
            'a quote (") opened on this line is never closed',
            id="quote-never-closed",
        ),
        pytest.param(
            ['title: "Uni" ja lepo'],
            2,
            'unexpected text after the closing quote ("); put the whole value inside the quotes',
            id="text-after-closing-quote",
        ),
        pytest.param(
            ["title: 'Let's go'"],
            2,
            "write a ' inside the text as ''",
            id="apostrophe-inside-single-quotes",
        ),
        pytest.param(
            ['source: "C:\\Users\\x"'],
            2,
            "a backslash (\\) inside double quotes starts an escape",
            id="backslash-in-double-quotes",
        ),
    ],
)
def test_quote_mistakes_point_where_the_quote_opens(meta: list[str], line: int, gist: str) -> None:
    error = front_matter_error(*meta)
    assert error.line == line, error.message
    assert gist in error.message


def test_a_quoted_text_over_several_lines_is_fine() -> None:
    doc = load_yaml('summary: "Uni ja\n  lepo"\ntitle: Uni\n')
    assert doc.data == {"summary": "Uni ja lepo", "title": "Uni"}


# --- indentation -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "line", "gist"),
    [
        pytest.param(
            "name:\n  fi: Uni\n   sv: Sömn\n",
            3,
            "'sv' is indented 3 spaces, but 'fi' above it 2; line up keys of the same level",
            id="key-indented-more-than-its-sibling",
        ),
        pytest.param(
            "name:\n  fi: Uni\n sv: Sömn\n",
            3,
            "'sv' is indented 1 space, which lines it up with no key above it; indent it "
            "2 spaces like 'fi', or 0 like 'name'",
            id="key-indented-less-than-its-sibling",
        ),
        pytest.param(
            "summary: >-\n  Pitkä teksti.\n status: active\n",
            3,
            "'status' is indented 1 space, but 'summary' above it 0",
            id="key-after-a-block-of-text",
        ),
        pytest.param(
            "topics:\n  - sleep\n - anxiety\n",
            3,
            "this list item (-) is indented 1 space, but the item above it 2; line up the "
            "items of one list",
            id="list-item-out-of-line",
        ),
        pytest.param(
            "title: Uni\n- sleep\n",
            2,
            "a list item (-) cannot stand among keys",
            id="list-item-among-keys",
        ),
        pytest.param(
            "topics:\n  - sleep\n  status: active\n",
            3,
            "'status' is at the indentation of the list items above it, but is not an item; "
            "start it with '- ', or if it is a new key, line it up with 'topics' (0 spaces)",
            id="key-among-list-items",
        ),
        pytest.param(
            "title Uni\nsummary: Lyhyt kuvaus\n",
            1,
            "'title Uni' is not written as 'key: value'; add the ':' after the key",
            id="key-without-colon",
        ),
        pytest.param(
            "summary: Pitkä teksti,\njoka jatkuu\ntopics: [sleep]\n",
            2,
            "or if the text goes on from the line above, indent it more than the key there",
            id="text-going-on-without-indentation",
        ),
        pytest.param(
            "age_groups:\n\t- adults\n",
            2,
            "a tab character is used for indentation; indent YAML with spaces",
            id="tab",
        ),
    ],
)
def test_indentation_mistakes_are_named_as_such(text: str, line: int, gist: str) -> None:
    error = yaml_error(text)
    assert error.line == line, error.message
    assert gist in error.message


@pytest.mark.parametrize(
    ("text", "line", "gist"),
    [
        pytest.param(
            "title: Huom: tärkeä\n",
            1,
            "unexpected ':' — a value that contains a colon must be quoted, e.g. "
            'title: "Huom: tärkeä"',
            id="colon-in-text",
        ),
        pytest.param(
            "summary: *Huom* lue tämä\n",
            1,
            "a value that starts with '*' is not read as text",
            id="markdown-emphasis",
        ),
        pytest.param(
            "summary: [Huom] lue tämä\n",
            1,
            "a value that starts with '[' is read as a list",
            id="text-starting-with-a-bracket",
        ),
        pytest.param(
            "summary: - tärkeä\n",
            1,
            "a value that starts with '-' is not read as text",
            id="text-starting-with-a-dash",
        ),
        pytest.param(
            "days: [mo, tu:, we]\n",
            1,
            "unexpected ':' in a list or mapping written in [ ] or { }",
            id="colon-inside-brackets",
        ),
        pytest.param(
            "title: Uni\ntopics: [sleep\naudience: [citizens]\n",
            2,
            "YAML syntax error: the '[' on this line is not closed",
            id="unclosed-bracket",
        ),
    ],
)
def test_text_that_yaml_reads_as_syntax_gets_a_quoting_hint(
    text: str, line: int, gist: str
) -> None:
    error = yaml_error(text)
    assert error.line == line, error.message
    assert gist in error.message


@pytest.mark.parametrize(
    ("text", "line", "gist"),
    [
        pytest.param("[" * 999 + "]" * 999, 1, "nested too deeply", id="deep-brackets"),
        pytest.param(
            "".join(" " * n + "a:\n" for n in range(150)) + " " * 150 + "b: 1\n",
            101,
            "nested too deeply",
            id="deep-indentation",
        ),
        pytest.param("a: !!python/object:os.system x\n", 1, "the tag '!!python/object:os.system' "
                     "is not supported", id="python-tag"),
        pytest.param("a: 1\nb: *x\n", 2, "the alias *x refers to no anchor", id="undefined-alias"),
        pytest.param("a: &x 1\nb: &x 2\n", 2, "the anchor &x is given twice (first on line 1)",
                     id="anchor-twice"),
        pytest.param("a: 1\n---\nb: 2\n", 2, "a second YAML document starts on this line",
                     id="second-document"),
    ],
)
def test_other_structural_mistakes(text: str, line: int, gist: str) -> None:
    error = yaml_error(text)
    assert error.line == line, error.message
    assert gist in error.message


# --- characters YAML refuses -------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "line", "gist"),
    [
        pytest.param(["title: Uni", "summary: a\x00b"], 3,
                     "the file contains a control character (U+0000) that is not allowed; "
                     "remove it", id="nul"),
        pytest.param(["title: Uni\x7f"], 2, "a control character (U+007F)", id="delete"),
        pytest.param(["title: Uni", "", "summary: \ufffe"], 4, "a character (U+FFFE)",
                     id="non-character"),
    ],
)
def test_refused_characters_are_reported_at_their_line(
    meta: list[str], line: int, gist: str
) -> None:
    error = front_matter_error(*meta)
    assert error.line == line, error.message
    assert gist in error.message


# --- hints that quote what the editor wrote ----------------------------------------------

ARTICLE = """---
title: Uni
summary: Lyhyt kuvaus testiartikkelista, joka on tarpeeksi pitkä.
audience: [citizens]
age_groups: [adults]
topics: [sleep]
last_reviewed: 2026-01-15
reviewed_by: Testaaja, psykologi
---
"""


def article_problems(old: str, new: str) -> list[tuple[int, str]]:
    assert old in ARTICLE
    document = split_front_matter(ARTICLE.replace(old, new))
    problems = Problems()
    schema.validate(document.meta.data, "article", document.meta, Path("a.fi.md"), problems)
    return [(p.line, p.message) for p in problems]


def service_problems(old: str, new: str) -> list[tuple[int, str]]:
    text = SERVICE.read_text(encoding="utf-8")
    assert old in text
    doc = load_yaml(text.replace(old, new, 1))
    problems = Problems()
    schema.validate(doc.data, "service", doc, SERVICE, problems)
    return [(p.line, p.message) for p in problems]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param("title: Uni", "title: 15:00", (2, 'title: must be text: put it in quotes, '
                     'e.g. "15:00" (without quotes YAML reads 15:00 as the number 900)'),
                     id="sexagesimal"),
        pytest.param("title: Uni", "title: yes", (2, 'title: must be text: put it in quotes, '
                     'e.g. "yes" (without quotes YAML reads yes as true, a yes/no value)'),
                     id="yes"),
        pytest.param("title: Uni", "title: Off", (2, 'title: must be text: put it in quotes, '
                     'e.g. "Off" (without quotes YAML reads Off as false, a yes/no value)'),
                     id="off"),
        pytest.param("title: Uni", "title: 1.5e+3", (2, 'title: must be text: put it in quotes, '
                     'e.g. "1.5e+3" (without quotes YAML reads 1.5e+3 as the number 1500.0)'),
                     id="exponent"),
        pytest.param("title: Uni", "title: 116117", (2, 'title: must be text: put it in quotes, '
                     'e.g. "116117" (without quotes YAML reads it as the number 116117)'),
                     id="plain-number"),
        pytest.param("title: Uni", "title:", (2, "title: is empty; write some text after the "
                     "colon"), id="empty"),
        pytest.param("audience: [citizens]", "audience: [yes]", (4, "audience.0: 'yes' is not "
                     "allowed here; use one of: citizens, professionals"), id="enum-shows-word"),
    ],
)
def test_type_hints_quote_what_the_editor_wrote(
    old: str, new: str, expected: tuple[int, str]
) -> None:
    assert article_problems(old, new) == [expected]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param('postal_code: "15100"', "postal_code: 00100",
                     (35, 'channels.locations.0.address.postal_code: must be text: put it in '
                      'quotes, e.g. "00100" (without quotes YAML reads 00100 as the number 64)'),
                     id="octal"),
        pytest.param('closes: "15:00"}', "closes: 15:00}",
                     (29, 'channels.phones.0.hours.weekly.0.closes: must be text: put it in '
                      'quotes, e.g. "15:00" (without quotes YAML reads 15:00 as the number 900)'),
                     id="time"),
        pytest.param("en: Guided self-care for adults}", "en: yes}",
                     (1, 'name.en: must be text: put it in quotes, e.g. "yes" (without '
                      "quotes YAML reads yes as true, a yes/no value)"),
                     id="yes-as-a-name"),
    ],
)
def test_service_hints_quote_what_the_editor_wrote(
    old: str, new: str, expected: tuple[int, str]
) -> None:
    assert service_problems(old, new) == [expected]


def test_raw_text_is_kept_only_for_values_yaml_did_not_read_as_text() -> None:
    doc = load_yaml('a: 15:00\nb: "15:00"\nc: [no, x]\n')
    assert doc.raw == {("a",): "15:00", ("c", 0): "no"}
    assert doc.raw_of(["a"]) == "15:00"


# --- reading files -----------------------------------------------------------------------


def problem_list(problems: Problems) -> list[tuple[str, int, str]]:
    return [(p.path, p.line, p.message) for p in problems]


def test_read_source_gives_text_without_bom_and_with_unix_line_ends(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"\xef\xbb\xbftitle: Uni\r\nsummary: x\rend: \xc3\xa4\n")
    problems = Problems(tmp_path)
    assert read_source(path, problems) == "title: Uni\nsummary: x\nend: ä\n"
    assert len(problems) == 0


def test_a_folder_named_like_a_file_is_reported(tmp_path: Path) -> None:
    (tmp_path / "sleep.fi.md").mkdir()
    problems = Problems(tmp_path)
    assert read_source(tmp_path / "sleep.fi.md", problems) is None
    assert problem_list(problems) == [
        ("sleep.fi.md", 0, "is a folder, not a file: a folder name must not end in '.md'; "
         "rename or remove it")
    ]


def test_a_broken_link_is_reported(tmp_path: Path) -> None:
    (tmp_path / "a.yml").symlink_to(tmp_path / "gone.yml")
    problems = Problems()
    assert read_source(tmp_path / "a.yml", problems) is None
    [(_, line, message)] = problem_list(problems)
    assert line == 0
    assert message.startswith("is a link to '")
    assert message.endswith("gone.yml', which does not exist; fix or remove the link")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads any file")
def test_an_unreadable_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_text("a: 1\n", encoding="utf-8")
    path.chmod(0)
    problems = Problems()
    assert read_source(path, problems) is None
    assert [(p.line, p.message) for p in problems] == [
        (0, "cannot be read (permission denied); make it readable")
    ]


def test_a_file_that_cannot_be_opened_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The test above, for runs as root (who may read any file): opening is refused."""
    path = tmp_path / "a.yml"
    path.write_text("a: 1\n", encoding="utf-8")

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "open", refuse)
    problems = Problems()
    assert read_source(path, problems) is None
    assert [(p.line, p.message) for p in problems] == [
        (0, "cannot be read (permission denied); make it readable")
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_is_reported_without_waiting_for_it(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "a.yml")
    problems = Problems()
    assert read_source(tmp_path / "a.yml", problems) is None
    assert [p.message for p in problems] == [
        "is not an ordinary file (a device, pipe or socket); remove it"
    ]


@pytest.mark.parametrize(
    ("size", "limit", "message"),
    [
        pytest.param(3_200_000, 1_000_000, "is 3.2 MB; a content file may be at most 1 MB, so "
                     "split it into smaller files", id="default-limit"),
        pytest.param(1_040_000, 1_000_000, "is 1,040,000 bytes; a content file may be at most "
                     "1,000,000 bytes, so split it into smaller files", id="just-over"),
        pytest.param(2_500, 2_000, "is 2.5 kB; a content file may be at most 2 kB, so split it "
                     "into smaller files", id="small-limit"),
    ],
)
def test_a_file_over_the_limit_is_reported(
    tmp_path: Path, size: int, limit: int, message: str
) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"#" * size)
    problems = Problems()
    assert read_source(path, problems, max_bytes=limit) is None
    assert [(p.line, p.message) for p in problems] == [(0, message)]


def test_the_default_limit_is_one_megabyte(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"#" * 1_000_000)
    assert read_source(path, Problems()) is not None
    path.write_bytes(b"#" * 3_200_000)
    problems = Problems()
    assert read_source(path, problems) is None
    assert [p.message for p in problems] == [
        "is 3.2 MB; a content file may be at most 1 MB, so split it into smaller files"
    ]


@pytest.mark.parametrize(
    ("raw", "line", "message"),
    [
        pytest.param("title: Uni\nsummary: Tämä\n".encode("cp1252"), 2,
                     "the file is not UTF-8 text: byte 0xE4 on this line is not UTF-8 (in "
                     "Windows-1252 it is 'ä'); save the file as UTF-8", id="latin-1"),
        pytest.param(b"a: 1\r\nb: 2\r\nc: \xff\r\n", 3, "byte 0xFF on this line", id="crlf"),
        pytest.param("a: ä\n".encode("utf-16"), 0, "the file is UTF-16 text; save it as UTF-8",
                     id="utf-16"),
    ],
)
def test_text_that_is_not_utf8_is_reported_at_its_line(
    tmp_path: Path, raw: bytes, line: int, message: str
) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(raw)
    problems = Problems()
    assert read_source(path, problems) is None
    [(problem_line, problem_message)] = [(p.line, p.message) for p in problems]
    assert problem_line == line
    assert message in problem_message


def test_bytes_read_by_the_caller_get_the_same_checks(tmp_path: Path) -> None:
    path = tmp_path / "a.yml"
    path.write_bytes(b"a: \xe4\n")
    problems = Problems()
    raw = read_source_bytes(path, problems)
    assert raw == b"a: \xe4\n"
    assert decode_source(raw, path, problems) is None
    assert [p.line for p in problems] == [1]
    assert decode_source(b"\xef\xbb\xbfa: 1\r\n", path, problems) == "a: 1\n"
