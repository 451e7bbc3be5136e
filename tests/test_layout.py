"""Issue 19: one namespace and a layering contract.

Every folder is installed under `dkbm` (pyproject's package-dir), no module imports a global
`states`, `store`, … that a folder in the working directory could shadow, and import-linter's
layers contract (pyproject's [tool.importlinter]) holds: surfaces over use cases over
adapters over the domain."""

from __future__ import annotations

import ast
import configparser
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())
SETUPTOOLS = PYPROJECT["tool"]["setuptools"]
FOLDERS: dict[str, str] = SETUPTOOLS["package-dir"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _folder(package: str) -> Path:
    """Where a package of the namespace lives in the checkout, by the package-dir mapping."""
    parts = package.split(".")
    for n in range(len(parts), 0, -1):
        head = ".".join(parts[:n])
        if head in FOLDERS:
            return ROOT / FOLDERS[head] / Path(*parts[n:])
    raise AssertionError(f"{package} is not under a mapped folder")


def _packages_on_disk() -> set[str]:
    found = set()
    for package, folder in FOLDERS.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            relative = init.parent.relative_to(ROOT / folder)
            if "__pycache__" not in relative.parts:
                found.add(".".join([package, *relative.parts]))
    return found


def test_every_package_folder_is_installed_under_dkbm_and_nothing_else() -> None:
    listed = set(SETUPTOOLS["packages"])
    code = {p for p in listed if (_folder(p) / "__init__.py").is_file()}
    assert code == _packages_on_disk()
    assert all(p == "dkbm" or p.startswith("dkbm.") for p in listed)
    for data in listed - code:  # a data folder: templates, assets, translations
        assert _folder(data).is_dir() and not list(_folder(data).glob("*.py")), data


GLOBAL_NAMES = {folder for folder in FOLDERS.values() if folder != "dkbm"}


def _sources() -> list[Path]:
    skip = {".venv", ".git", "node_modules", "build"}
    return [
        p
        for p in ROOT.rglob("*.py")
        if not skip & set(p.relative_to(ROOT).parts) and "__pycache__" not in p.parts
    ]


def test_no_module_imports_a_folder_by_its_global_name() -> None:
    wrong = []
    for path in _sources():
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            wrong += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {name}"
                for name in names
                if name.split(".")[0] in GLOBAL_NAMES
            ]
    assert wrong == []


def _installed_copy(where: Path) -> Path:
    """The namespace as a wheel would install it: import-linter (grimp) reads a package's
    files from its folder, and in the checkout dkbm.states lives beside dkbm/, not in it."""
    for package in FOLDERS:
        source = ROOT / FOLDERS[package]
        target = where / Path(*package.split("."))
        for path in source.rglob("*.py"):
            relative = path.relative_to(source)
            if "__pycache__" in relative.parts or relative.parts[0] in {
                f.split(".")[1] for f in FOLDERS if f.count(".") == 1 and package == "dkbm"
            }:
                continue
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target / relative)
    return where


def _contract(where: Path) -> Path:
    """pyproject's contract, written as import-linter's INI file, with USE_CASES replaced
    by the modules directly in dkbm/."""
    use_cases = sorted(
        p.stem for p in (where / "dkbm").glob("*.py") if p.stem not in ("__init__", "__main__")
    )
    config = PYPROJECT["tool"]["importlinter"]
    ini = configparser.ConfigParser()
    ini["importlinter"] = {k: _ini(v) for k, v in config.items() if k != "contracts"}
    for n, contract in enumerate(config["contracts"]):
        layers = [" : ".join(use_cases) if x == "USE_CASES" else x for x in contract["layers"]]
        ini[f"importlinter:contract:{n}"] = {
            k: _ini(layers if k == "layers" else v) for k, v in contract.items()
        }
    path = where / ".importlinter"
    with path.open("w") as out:
        ini.write(out)
    return path


def _ini(value: object) -> str:
    if isinstance(value, list):
        return "\n" + "\n".join(str(v) for v in value)
    return str(value)


def _lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(_contract(where)), "--no-cache"],
        cwd=where,
        env={**os.environ, "PYTHONPATH": str(where)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_the_layering_contract_holds(tmp_path: Path) -> None:
    result = _lint_imports(_installed_copy(tmp_path))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "1 kept, 0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line"),
    [
        ("states/leak.py", "from dkbm.store import db\n"),
        ("store/leak.py", "from dkbm import cycles\n"),
        ("dkbm/leak.py", "from dkbm.portal import build\n"),
    ],
)
def test_an_import_against_the_layers_fails_the_contract(
    tmp_path: Path, module: str, line: str
) -> None:
    where = _installed_copy(tmp_path)
    folder, name = module.split("/")
    target = where / "dkbm" / name if folder == "dkbm" else where / "dkbm" / folder / name
    target.write_text(line)
    result = _lint_imports(where)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout or "broken" in result.stdout


def test_the_wheel_runs_the_demo_from_a_folder_of_lookalikes(tmp_path: Path) -> None:
    """A regular install (the Dockerfile's): every module, template, migration and
    translation ships under dkbm/, and a working directory holding its own states/,
    portal/, flows/ … changes nothing."""
    wheels, site, elsewhere = tmp_path / "wheels", tmp_path / "site", tmp_path / "elsewhere"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    built = subprocess.run(
        [*pip, "wheel", "--no-deps", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    assert "absent from the `packages` configuration" not in built.stderr
    (wheel,) = wheels.glob("dkbm-*.whl")
    installed = subprocess.run(
        [*pip, "install", "--no-deps", "--target", str(site), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert installed.returncode == 0, installed.stderr[-3000:]
    shipped = {p.name for p in site.iterdir() if not p.name.endswith(".dist-info")}
    assert "dkbm" in shipped and not shipped & GLOBAL_NAMES
    for name in GLOBAL_NAMES:
        (elsewhere / name).mkdir(parents=True)
        (elsewhere / name / "__init__.py").write_text(
            f"raise ImportError('the folder {name}/ of the working directory was imported')\n"
        )
    env = {
        **os.environ,
        "PYTHONPATH": str(site),
        "DKBM_DATABASE_URL": f"sqlite:///{tmp_path / 'demo.db'}",
        "DKBM_PORTAL_DIR": str(tmp_path / "portal-out"),
    }
    demo = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.path.remove(''); from dkbm.cli import run; run()",
            "demo",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert demo.returncode == 0, demo.stderr[-3000:]
    where = subprocess.run(
        [
            sys.executable,
            "-c",
            "import dkbm.portal.build, dkbm.flows.operations, dkbm.cli.words as w;"
            "print(dkbm.portal.build.__file__); print(w.LOCALE)",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert where.returncode == 0, where.stderr[-3000:]
    assert all(line.startswith(str(site)) for line in where.stdout.split())
