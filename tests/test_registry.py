"""Connector registry: names, aliases, unknown names and entry-point plugins."""

from __future__ import annotations

import textwrap

import pytest

from travelwatch.connectors import available_connectors, get_connector
from travelwatch.errors import ConfigError
from travelwatch.registry import CONNECTOR_GROUP, Registry


def test_builtins_are_registered_by_versioned_name():
    assert available_connectors() == [
        "connector.au_smartraveller.v1",
        "connector.ca_travel.v1",
        "connector.uk_fcdo.v1",
        "connector.us_state.v1",
    ]


@pytest.mark.parametrize("name", ["us", "us_state", "connector.us_state.v1"])
def test_lookup_by_short_unversioned_or_registry_name(name):
    assert get_connector(name).registry_name == "connector.us_state.v1"


def test_unknown_name_is_config_error_tw003():
    with pytest.raises(ConfigError) as err:
        get_connector("narnia")
    assert err.value.code == "TW003" and "us" in err.value.reason


def test_entry_point_plugin_is_found(tmp_path, monkeypatch):
    (tmp_path / "tw_demo_plugin.py").write_text(
        textwrap.dedent(
            """
            class DemoConnector:
                name = "demo"
                registry_name = "connector.demo.v1"
                def __init__(self, settings=None):
                    self.settings = settings
            """
        )
    )
    dist = tmp_path / "tw_demo_plugin-0.1.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: tw-demo-plugin\nVersion: 0.1\n"
    )
    (dist / "entry_points.txt").write_text(
        f"[{CONNECTOR_GROUP}]\ndemo = tw_demo_plugin:DemoConnector\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    registry = Registry("connector", CONNECTOR_GROUP)
    assert registry.get("demo").registry_name == "connector.demo.v1"
    assert "connector.demo.v1" in registry.names()


def test_registry_name_must_carry_the_kind():
    class Odd:
        name = "odd"
        registry_name = "stage.odd.v1"

    with pytest.raises(ConfigError):
        Registry("connector", CONNECTOR_GROUP).register(Odd)
