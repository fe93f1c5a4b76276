"""The distribution as a user installs it: a wheel holding only ``entanglements/``, and a
working ``entangle`` from a plain (non-editable) install into a fresh environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import sysconfig
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from entanglements.core import schema
from tests import REPO_ROOT

pytestmark = pytest.mark.slow

LAYERS = ("core", "ingest", "api", "cli", "cypher")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(out), str(REPO_ROOT)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    (built,) = out.glob("entanglements-*.whl")
    return built


def repository_files(layer: str) -> set[str]:
    """What the wheel must hold of a layer: its Python files and shipped data."""
    patterns = ("*.py", "*.cypher", "*.graphql", "pom.xml", "py.typed",
                "*.html", "*.css", "*.js")  # the web app and its vendored libraries  # fmt: skip
    root = REPO_ROOT / layer
    return {
        f"entanglements/{layer}/{path.relative_to(root).as_posix()}"
        for pattern in patterns
        for path in root.rglob(pattern)
        if "__pycache__" not in path.parts
    }


def test_wheel_holds_only_the_namespace(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names}
    dist_info = {t for t in top if t.endswith(".dist-info")}
    assert top - dist_info == {"entanglements"}
    assert len(dist_info) == 1


@pytest.mark.parametrize("layer", LAYERS)
def test_wheel_holds_every_file_of_each_layer(wheel: Path, layer: str) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = repository_files(layer)
    assert expected, layer
    assert expected - names == set()


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A fresh venv with the wheel; its dependencies are borrowed from the test venv (a path
    entry, so the checkout's editable hook in that folder's .pth files is not loaded)."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q",
         str(wheel)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True, capture_output=True, text=True,
    ).stdout.strip()  # fmt: skip
    (Path(site) / "borrowed-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    yield venv


def run_installed(venv: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(
        [str(venv / "bin" / "entangle"), *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_installed_entangle_lists_the_saved_queries(installed: Path, tmp_path: Path) -> None:
    result = run_installed(installed, "query", "list", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    bundled = {p.stem for p in (REPO_ROOT / "cypher" / "queries").glob("*.cypher")}
    for name in bundled:
        assert f'"{name}"' in result.stdout


def test_installed_package_reads_its_own_files(installed: Path, tmp_path: Path) -> None:
    """The schema comes from the installed package, never from the checkout."""
    probe = (
        "import entanglements.core.resources as r, entanglements.core.schema as s;"
        "print(r.SCHEMA_DIR); print(len(s.schema_files()))"
    )
    result = subprocess.run(
        [str(installed / "bin" / "python"), "-c", probe],
        cwd=tmp_path, capture_output=True, text=True, check=True,
    )  # fmt: skip
    folder, count = result.stdout.split()
    assert Path(folder).is_relative_to(installed)
    assert int(count) == len(list((REPO_ROOT / "cypher" / "schema").glob("*.cypher")))


def test_installed_entangle_migrates_the_whole_schema(installed: Path, tmp_path: Path) -> None:
    """Against the test database (idempotent: every statement is IF NOT EXISTS)."""
    result = run_installed(installed, "db", "migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    statements = sum(
        len(schema.statements(path)) for path in sorted((REPO_ROOT / "cypher/schema").glob("*"))
    )
    assert str(statements) in result.stdout


def test_installed_entangle_serves(installed: Path, tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    server = subprocess.Popen(
        [str(installed / "bin" / "entangle"), "serve", "--port", str(port), "--no-access-log"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert wait_for_http(f"http://127.0.0.1:{port}/healthz", server), server.stderr
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_http(url: str, server: subprocess.Popen[str], attempts: int = 100) -> bool:
    for _ in range(attempts):
        if server.poll() is not None:
            return False
        try:
            return httpx.get(url, timeout=1).status_code == 200
        except httpx.TransportError:
            time.sleep(0.2)
    return False
