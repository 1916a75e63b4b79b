from __future__ import annotations

from pathlib import Path

import pytest

from openler.config import DEFAULT_SECRET_KEY, SETTINGS, load_settings, settings_markdown
from openler.errors import ConfigError

DOCS = Path(__file__).resolve().parent.parent / "docs" / "settings.md"


def test_environment_beats_env_file_beats_default(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("OPENLER_PORT=9001\nOPENLER_HOST=0.0.0.0\n")
    settings = load_settings({"OPENLER_PORT": "9002", "OPENLER_DATA_DIR": str(tmp_path)}, env_file)
    assert settings.port == 9002  # environment
    assert settings.host == "0.0.0.0"  # .env file  # noqa: S104
    assert settings.default_language == "en"  # default
    assert settings.database_url == f"sqlite:///{tmp_path / 'openler.db'}"


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("OPENLER_PORT", "eighty", "port number"),
        ("OPENLER_PORT", "70000", "between 1 and 65535"),
        ("OPENLER_DEFAULT_LANGUAGE", "fr", "one of en, es"),
        ("OPENLER_DEMO", "maybe", "true or false"),
        ("OPENLER_COLOUR", "blue", "Unknown setting OPENLER_COLOUR"),
    ],
)
def test_bad_settings_name_the_setting(name: str, value: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message) as caught:
        load_settings({name: value}, None)
    assert caught.value.field == name


def test_default_secret_refused_outside_demo() -> None:
    settings = load_settings({}, None)
    assert settings.secret_key == DEFAULT_SECRET_KEY
    with pytest.raises(ConfigError, match="OPENLER_SECRET_KEY is not set"):
        settings.check_can_serve()
    load_settings({"OPENLER_DEMO": "true"}, None).check_can_serve()
    with pytest.raises(ConfigError, match="too short"):
        load_settings({"OPENLER_SECRET_KEY": "short"}, None).check_can_serve()
    load_settings({"OPENLER_SECRET_KEY": "x" * 40}, None).check_can_serve()


def test_every_setting_is_documented() -> None:
    assert DOCS.read_text() == settings_markdown(), "run `make docs` to refresh docs/settings.md"
    for setting in SETTINGS:
        assert f"`{setting.name}`" in DOCS.read_text()
