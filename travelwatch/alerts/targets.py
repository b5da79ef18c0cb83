"""Checking a subscription's target when it is made, not at the first delivery.

A webhook or Slack URL must be http(s) with a host, and, unless
``alerts.allow_private_targets`` is on, must not resolve to a private, loopback,
link-local or reserved address. A host that cannot be resolved now is accepted
with a warning (DNS can be down for a moment); delivery checks it again. An
e-mail address must look like one (``local@domain``).
"""

from __future__ import annotations

import re

from travelwatch.alerts import webhook
from travelwatch.errors import ConfigError, DeliveryError
from travelwatch.settings import Settings

__all__ = ["check_subscription_target"]

_EMAIL = re.compile(r"^[^@\s<>,;]+@[^@\s<>,;]+$")


def check_subscription_target(
    channel: str, target: str, settings: Settings
) -> str | None:
    """Raise :class:`ConfigError` for a target that cannot work; returns a warning
    (or None) for one that cannot be checked now."""
    if channel == "email":
        if not _EMAIL.match(target):
            raise ConfigError(
                "TW002", name="--email", reason=f"not an e-mail address: {target!r}"
            )
        return None
    try:
        webhook.check_target(
            target, allow_private=bool(settings["alerts.allow_private_targets"])
        )
    except webhook.TargetRefused as e:
        raise ConfigError("TW002", name=f"--{channel}", reason=e.reason) from e
    except DeliveryError as e:
        return f"{target}: {e.reason}; it will be checked again at delivery"
    return None
