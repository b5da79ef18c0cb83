"""Connectors (and later stages) by versioned name, e.g. ``"connector.us_state.v1"``.

Built-in connectors are declared as ``module:attribute`` targets exactly like the
entry points an outside package declares under the group
``travelwatch.connectors``, and both are loaded through the same function, so a
third-party connector is a first-class citizen. Loading is lazy: nothing is
imported until a name is looked up.
"""

from __future__ import annotations

import importlib
import logging
from importlib.metadata import entry_points
from typing import Any

from travelwatch.errors import ConfigError

log = logging.getLogger(__name__)

CONNECTOR_GROUP = "travelwatch.connectors"

BUILTIN_CONNECTORS: tuple[str, ...] = (
    "travelwatch.connectors.us_state:UsStateConnector",
    "travelwatch.connectors.uk_fcdo:UkFcdoConnector",
    "travelwatch.connectors.ca_travel:CaTravelConnector",
    "travelwatch.connectors.au_smartraveller:AuSmartravellerConnector",
)


def load_target(target: str) -> Any:
    """Import ``package.module:attribute``, the entry-point object syntax."""
    module_name, _, attr = target.partition(":")
    obj: Any = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    return obj


class Registry:
    """Named, versioned factories; each has ``registry_name`` and a short ``name``."""

    def __init__(self, kind: str, group: str, builtins: tuple[str, ...] = ()) -> None:
        self.kind = kind
        self.group = group
        self._builtins = builtins
        self._by_name: dict[str, Any] = {}
        self._aliases: dict[str, str] = {}
        self._loaded = False

    def register(self, factory: Any) -> Any:
        """Add a factory (usable as a class decorator); names must be unique."""
        name = getattr(factory, "registry_name", None)
        if not isinstance(name, str) or not name.startswith(f"{self.kind}."):
            raise ConfigError(
                "TW002",
                name=repr(factory),
                reason=f"registry_name must start {self.kind!r}.",
            )
        existing = self._by_name.get(name)
        if existing is not None and existing is not factory:
            raise ConfigError("TW002", name=name, reason="registered twice")
        self._by_name[name] = factory
        short = getattr(factory, "name", None)
        if isinstance(short, str):
            self._aliases.setdefault(short, name)
        # "connector.us_state.v1" is also reachable as "us_state".
        self._aliases.setdefault(name.split(".")[1], name)
        return factory

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        for target in self._builtins:
            self.register(load_target(target))
        for ep in entry_points(group=self.group):
            try:
                self.register(load_target(ep.value))
            except Exception as e:  # a broken plugin must not break the built-ins
                log.warning(
                    "%s plugin %s could not be loaded: %s", self.kind, ep.name, e
                )

    def names(self) -> list[str]:
        self._load()
        return sorted(self._by_name)

    def get(self, name: str) -> Any:
        """The factory for a registry name, short name or unversioned name."""
        self._load()
        key = self._aliases.get(name, name)
        if key not in self._by_name:
            known = ", ".join(sorted(self._aliases)) or "none"
            raise ConfigError("TW003", name=name, known=known)
        return self._by_name[key]


connectors = Registry("connector", CONNECTOR_GROUP, BUILTIN_CONNECTORS)
