"""One import namespace: the package list in pyproject.toml covers every folder, and a real
(non-editable) wheel installs `specbias` and nothing else at the top level."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAPPING = {"specbias": ROOT / "specbias", "specbias.theory": ROOT / "theory",
           "specbias.numerics": ROOT / "numerics", "specbias.derivations": ROOT / "derivations"}


def _declared_packages() -> set[str]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        pytest.skip("tomllib needs Python 3.11")
    return set(tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"])


def _folder_packages() -> set[str]:
    found = set()
    for name, folder in MAPPING.items():
        for init in folder.rglob("__init__.py"):
            rel = init.parent.relative_to(folder).parts
            if "generated" in rel or any(p.startswith(".") or p == "__pycache__" for p in rel):
                continue
            found.add(".".join((name,) + rel))
    return found


def test_every_folder_is_a_declared_package():
    assert _folder_packages() == _declared_packages()


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    # build isolation: the build backend named in pyproject.toml, as a user's pip would use it
    r = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]
    (whl,) = out.glob("specbias-*.whl")
    return whl


def test_wheel_has_one_top_level_name(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    top = {n.split("/")[0] for n in names if not n.split("/")[0].endswith((".dist-info", ".data"))}
    assert top == {"specbias"}
    for sub in ("specbias/core/", "specbias/theory/", "specbias/numerics/", "specbias/derivations/"):
        assert any(n.startswith(sub) for n in names), sub


def test_wheel_installs_and_imports(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True)
    code = "import specbias as sb; print(sb.transform('relu').regular, sb.__version__)"
    # run from an empty folder with only the installed copy on the path: never the repository's
    r = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(target)!r}); {code}"],
                       capture_output=True, text=True, cwd=tmp_path)
    assert r.returncode == 0, r.stderr
    assert "omega" in r.stdout
    assert sorted(p.name for p in target.iterdir() if not p.name.endswith(".dist-info") and p.name != "bin") == ["specbias"]
