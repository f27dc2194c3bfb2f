"""The import rules of the layers: arrows point down only.

``sources`` (reading files, YAML, schemas, the content policy) knows no content type;
``reference`` (code lists, geography, phones, translations) builds on it; the domain
packages (``catalogue``, ``articles``, ``self_care``, ``care_paths``, ``navigator``)
know nothing of the site, and the catalogue knows nothing of care paths; ``site`` is the
only package that knows MkDocs' ways, and only the hook imports MkDocs itself.

Run alone with ``.venv/bin/pytest tests/architecture``.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

ALLOWED: dict[str, set[str]] = {
    "sources": {"sources"},
    "reference": {"sources", "reference"},
    "catalogue": {"sources", "reference", "catalogue"},
    "articles": {"sources", "reference", "articles"},
    "self_care": {"sources", "reference", "self_care"},
    "care_paths": {"sources", "reference", "catalogue", "care_paths"},
    "navigator": {"sources", "reference", "catalogue", "care_paths", "self_care",
                  "navigator"},
    "config": {"sources", "config"},
    "site": {"sources", "reference", "catalogue", "articles", "self_care", "care_paths",
             "navigator", "config", "site"},
    # the commands: synthetic content for the benchmark is written by each domain's own
    # synth module (catalogue, care paths); everything else goes through site/
    # the editor's tools write sources: scaffolds, spreadsheet import and export; they
    # check what they write the way `etulinja check` does, through site/
    "editing": {"sources", "reference", "catalogue", "articles", "self_care", "care_paths",
                "config", "site", "editing"},
    "cli": {"sources", "reference", "catalogue", "care_paths", "config", "site", "editing",
            "cli"},
    "__init__": set(),
}
"""Which parts of ``etulinja`` each part may import (a part: a package or a module)."""
MKDOCS = ("mkdocs", "material", "mkdocs_static_i18n")
"""MkDocs and its plugins: imported by the hook alone."""
HOOK_MAY_IMPORT = {"site"}
"""The hook is a thin adapter: guard, the site's facade, PluginError."""


def _imports(path: Path, package_root: Path) -> list[tuple[int, str]]:
    """(line, module) of every import in a file, inside functions too; relative imports
    resolved against the file's package."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level:
                parts = list(path.relative_to(package_root.parent).with_suffix("").parts)
                base = parts[: len(parts) - node.level]
                module = ".".join([*base, *([module] if module else [])])
            found.append((node.lineno, module))
            if module == "etulinja":  # from etulinja import config: a module of its own
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def _part(name: str) -> str:
    """The part of etulinja a dotted module name belongs to ('etulinja.site.build' -> 'site')."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def violations(package_root: Path, hooks: Path | None = None) -> list[str]:
    """Every import that breaks a rule, as 'path:line: what and why'."""
    found: list[str] = []
    for path in sorted(package_root.rglob("*.py")):
        relative = path.relative_to(package_root)
        part = relative.parts[0].removesuffix(".py") if relative.parts else "__init__"
        allowed = ALLOWED.get(part)
        where = path.relative_to(package_root.parent).as_posix()
        if allowed is None:
            found.append(f"{where}: '{part}' is in no layer; add it to the import rules")
            continue
        for line, module in _imports(path, package_root):
            top = module.split(".")[0]
            if top in MKDOCS:
                found.append(f"{where}:{line}: imports {module}; only the hook imports MkDocs")
            elif top == "etulinja" and module.count(".") >= 1:
                target = _part(module)
                if target in ALLOWED and target not in allowed:
                    found.append(f"{where}:{line}: {part} imports {module}; {part} may "
                                 f"import only {', '.join(sorted(allowed)) or 'nothing'}")
    for path in sorted(hooks.glob("*.py")) if hooks is not None else []:
        for line, module in _imports(path, package_root):
            top = module.split(".")[0]
            if top == "etulinja" and _part(module) not in HOOK_MAY_IMPORT:
                found.append(f"hooks/{path.name}:{line}: imports {module}; the hook goes "
                             "through etulinja.site only")
    return sorted(set(found))


def test_the_layers_import_only_downwards() -> None:
    assert violations(REPO / "src" / "etulinja", REPO / "hooks") == []


@pytest.mark.parametrize(("file", "text", "expected"), [
    ("catalogue/bad.py", "from etulinja.site.build import build_site\n",
     "etulinja/catalogue/bad.py:1: catalogue imports etulinja.site.build"),
    ("catalogue/bad.py", "def f():\n    import etulinja.care_paths.model\n",
     "etulinja/catalogue/bad.py:2: catalogue imports etulinja.care_paths.model"),
    ("sources/bad.py", "from etulinja.catalogue.model import Service\n",
     "etulinja/sources/bad.py:1: sources imports etulinja.catalogue.model"),
    ("sources/bad.py", "from etulinja import config\n",
     "etulinja/sources/bad.py:1: sources imports etulinja.config"),
    ("articles/bad.py", "from ..site import theme\n",
     "etulinja/articles/bad.py:1: articles imports etulinja.site"),
    ("site/bad.py", "from mkdocs.config import load_config\n",
     "etulinja/site/bad.py:1: imports mkdocs.config; only the hook imports MkDocs"),
    ("stray/bad.py", "x = 1\n", "etulinja/stray/bad.py: 'stray' is in no layer"),
])
def test_a_planted_violation_is_reported(tmp_path: Path, file: str, text: str,
                                         expected: str) -> None:
    package = tmp_path / "etulinja"
    for part in ("site", "sources", "catalogue", "articles"):
        (package / part).mkdir(parents=True, exist_ok=True)
        (package / part / "__init__.py").write_text("")
    (package / "site" / "ok.py").write_text("from etulinja.catalogue import model\n")
    assert violations(package) == []
    (package / file).parent.mkdir(parents=True, exist_ok=True)
    (package / file).write_text(text)
    found = violations(package)
    assert any(line.startswith(expected) for line in found), found


def test_a_hook_that_reaches_past_the_site_is_reported(tmp_path: Path) -> None:
    package = tmp_path / "etulinja"
    package.mkdir()
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    (hooks / "site.py").write_text("from etulinja.site.hook import SiteHooks\n"
                                   "from etulinja.catalogue.load import load_catalogue\n")
    assert violations(package, hooks) == [
        "hooks/site.py:2: imports etulinja.catalogue.load; the hook goes through "
        "etulinja.site only"]
