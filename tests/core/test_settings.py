import pytest
from pydantic import ValidationError

from entanglements.core.settings import Settings
from tests import REPO_ROOT


def test_every_setting_is_documented_in_the_readme() -> None:
    readme = (REPO_ROOT / "README.md").read_text()
    for field in Settings.model_fields.values():
        assert f"`{field.alias}`" in readme, f"{field.alias} is missing from README.md"


def test_placeholder_password_is_refused_off_loopback() -> None:
    with pytest.raises(ValidationError, match="placeholder"):
        Settings(NEO4J_URI="neo4j+s://db.example.org", NEO4J_PASSWORD="neo4j")


def test_placeholder_password_is_tolerated_for_the_local_server() -> None:
    settings = Settings(NEO4J_URI="bolt://127.0.0.1:7799", NEO4J_PASSWORD="password")
    assert settings.port == 7799 and settings.is_loopback


def test_unknown_uri_scheme_is_refused() -> None:
    with pytest.raises(ValidationError, match="scheme"):
        Settings(NEO4J_URI="http://127.0.0.1:7474")


def test_home_comes_from_entangle_home_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """$HOME must never be taken for ENTANGLE_HOME (the field once was named ``home``)."""
    monkeypatch.delenv("ENTANGLE_HOME", raising=False)
    monkeypatch.setenv("HOME", "/somewhere/else")
    assert Settings().home.as_posix() == ".entangle"
    monkeypatch.setenv("ENTANGLE_HOME", "/data/entangle")
    assert Settings().home.as_posix() == "/data/entangle"
