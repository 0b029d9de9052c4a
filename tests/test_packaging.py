"""What the wheel holds: only `reader` and `annotations` as import names, the seeds and themes as data.

The wheel's files are what setuptools' ``build_py`` lays out (``bdist_wheel`` zips that folder with
the metadata), so the test runs that step into a temp dir: no network, no index, and no need for
the ``wheel`` package or the build requirements that ``pip wheel --no-build-isolation`` wants.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """The package files as the wheel carries them (setuptools' build_py output)."""
    out = tmp_path_factory.mktemp("wheel-contents")
    setup = "from setuptools import setup; setup()"
    command = [sys.executable, "-c", setup, "-q", "egg_info", "--egg-base", str(out)]
    command += ["build_py", "--build-lib", str(out / "lib")]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out / "lib"


def test_the_wheel_adds_only_reader_and_annotations_as_import_names(built):
    assert sorted(entry.name for entry in built.iterdir()) == ["annotations", "reader"]


def test_every_code_package_of_the_checkout_is_in_the_wheel(built):
    packages = [
        init.parent.relative_to(ROOT) for top in ("reader", "annotations") for init in (ROOT / top).rglob("__init__.py")
    ]
    assert packages
    missing = [str(package) for package in packages if not (built / package / "__init__.py").is_file()]
    assert missing == [], "add these to [tool.setuptools] packages in pyproject.toml"


@pytest.mark.parametrize(("folder", "patterns"), [("seeds", ("*.txt", "metadata.yaml")), ("themes", ("*.yaml",))])
def test_seeds_and_themes_are_data_under_reader(built, folder, patterns):
    shipped = sorted(path.name for pattern in patterns for path in (ROOT / folder).glob(pattern))
    assert shipped
    bundled = built / "reader" / "bundled" / folder
    assert sorted(path.name for path in bundled.iterdir()) == shipped


def run_installed(built: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``newsdesk ARGS`` with the built package on the path instead of the checkout."""
    code = f"from reader.cli.main import main; raise SystemExit(main({list(args)!r}))"
    env = {**os.environ, "PYTHONPATH": str(built)}
    return subprocess.run([sys.executable, "-c", code], cwd=cwd, env=env, capture_output=True, text=True)


def test_the_installed_layout_finds_the_seeds_and_themes_inside_the_package(built, tmp_path):
    seeds = sorted(path.stem for path in (ROOT / "seeds").glob("*.txt"))
    listed = run_installed(built, tmp_path, "list")
    assert listed.returncode == 0, listed.stderr
    assert [line.split("\t")[0] for line in listed.stdout.splitlines()[1:]] == seeds
    for theme in ("newsdesk-dark", "newsdesk-light", "newsdesk-high-contrast"):
        shown = run_installed(built, tmp_path, "show", seeds[0], "--theme", theme)
        assert shown.returncode == 0, shown.stderr
    unknown = run_installed(built, tmp_path, "show", seeds[0], "--theme", "nope")
    assert unknown.returncode == 2 and "newsdesk-high-contrast" in unknown.stderr
    env = {**os.environ, "PYTHONPATH": str(built)}
    probe = "from reader.core import paths; print(paths.seeds_dir()); print(paths.shipped_themes_dir())"
    where = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert where.stdout.split() == [str(built / "reader" / "bundled" / name) for name in ("seeds", "themes")]
