from pathlib import Path

import pytest

from travelwatch.errors import ConfigError
from travelwatch.settings import SETTINGS, load_settings, settings_markdown

REPO = Path(__file__).resolve().parents[1]


def test_defaults_are_seeded() -> None:
    s = load_settings(environ={})
    assert s["http.timeout"] == 20.0


def test_environment_overrides_default() -> None:
    s = load_settings(environ={"TRAVELWATCH_HTTP_TIMEOUT": "5"})
    assert s["http.timeout"] == 5.0


def test_file_then_env_then_override(tmp_path: Path) -> None:
    cfg = tmp_path / "tw.toml"
    cfg.write_text("[dedup]\nthreshold = 0.5\n[http]\nretries = 7\n")
    s = load_settings(
        {"http.retries": "2"},
        environ={"TRAVELWATCH_DEDUP_THRESHOLD": "0.6"},
        config_file=cfg,
    )
    assert s["dedup.threshold"] == 0.6
    assert s["http.retries"] == 2


def test_unknown_setting_in_file_is_refused(tmp_path: Path) -> None:
    cfg = tmp_path / "tw.toml"
    cfg.write_text("nonsense = 1\n")
    with pytest.raises(ConfigError, match="TW001"):
        load_settings(environ={}, config_file=cfg)


def test_bad_value_names_the_setting() -> None:
    with pytest.raises(ConfigError, match=r"http\.retries"):
        load_settings({"http.retries": "many"}, environ={})


def test_db_env_sets_database() -> None:
    s = load_settings(environ={"TRAVELWATCH_DB": "/tmp/x.db"})
    assert s.db == "/tmp/x.db"


def test_every_setting_is_documented() -> None:
    doc = (REPO / "docs" / "settings.md").read_text()
    missing = [s.name for s in SETTINGS if f"`{s.name}`" not in doc]
    assert not missing, f"undocumented settings: {missing}; run `make docs`"


def test_settings_doc_is_current() -> None:
    doc = (REPO / "docs" / "settings.md").read_text()
    assert doc == settings_markdown(), "docs/settings.md is stale; run `make docs`"
