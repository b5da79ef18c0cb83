"""Delivering changes to subscriptions: filters, retries, at-least-once, refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from alert_hooks import HookServer

from travelwatch import feeds
from travelwatch.alerts.dispatch import deliver_pending
from travelwatch.alerts.webhook import IDEMPOTENCY_HEADER, SIGNATURE_HEADER, verify
from travelwatch.settings import load_settings
from travelwatch.storage import subscriptions as subs
from travelwatch.storage.store import Store

FEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "feeds" / "changes"


def subscribe(store: Store, name: str, target: str, **kw: Any) -> subs.Subscription:
    channel = kw.pop("channel", "webhook")
    secret = kw.pop("secret", None)
    with store.begin() as conn:
        return subs.add_subscription(
            conn,
            name,
            channel=channel,
            target=target,
            secret=secret,
            filters=subs.Filters(**kw),
        )


def two_syncs(store: Store) -> None:
    feeds.sync(store, ["us"], from_path=FEEDS / "base.xml")
    feeds.sync(store, ["us"], from_path=FEEDS / "changed.xml")


def bodies(server: HookServer) -> list[dict[str, Any]]:
    return [json.loads(r.body) for r in server.received]


def test_matching_changes_are_posted(
    alert_store: Store, hook_server: HookServer
) -> None:
    subscribe(alert_store, "ops", hook_server.url, kinds=["raised"])
    two_syncs(alert_store)
    deliver_pending(alert_store)
    [body] = bodies(hook_server)
    assert (body["change"]["destination"], body["change"]["kind"]) == ("TD", "raised")


def test_body_is_signed_with_the_subscription_secret(
    alert_store: Store, hook_server: HookServer
) -> None:
    subscribe(alert_store, "ops", hook_server.url, kinds=["raised"], secret="k3y")
    two_syncs(alert_store)
    deliver_pending(alert_store)
    [got] = hook_server.received
    assert verify(got.body, "k3y", got.headers[SIGNATURE_HEADER])


def test_delivered_changes_are_not_sent_again(
    alert_store: Store, hook_server: HookServer
) -> None:
    subscribe(alert_store, "ops", hook_server.url)
    two_syncs(alert_store)
    first = deliver_pending(alert_store)
    second = deliver_pending(alert_store)
    # The first sync is a baseline (5 new, alerted to nobody); the second made 3.
    assert (len(first), second) == (3, [])


def test_changes_before_subscribing_are_not_replayed(
    alert_store: Store, hook_server: HookServer
) -> None:
    feeds.sync(alert_store, ["us"], from_path=FEEDS / "base.xml")
    subscribe(alert_store, "late", hook_server.url)
    feeds.sync(alert_store, ["us"], from_path=FEEDS / "changed.xml")
    deliver_pending(alert_store)
    assert sorted(b["change"]["kind"] for b in bodies(hook_server)) == [
        "lowered",
        "raised",
        "removed",
    ]


def test_failed_attempt_is_retried_and_logged(
    alert_store: Store, hook_server: HookServer
) -> None:
    hook_server.statuses = [503, 200]
    subscribe(alert_store, "ops", hook_server.url, kinds=["raised"])
    two_syncs(alert_store)
    [outcome] = deliver_pending(alert_store)
    with alert_store.connect() as conn:
        log = subs.delivery_log(conn)
    assert (outcome.status, [d["status"] for d in log]) == (
        "delivered",
        ["failed", "delivered"],
    )


def test_retry_keeps_the_same_idempotency_key(
    alert_store: Store, hook_server: HookServer
) -> None:
    hook_server.statuses = [500, 500, 200]
    subscribe(alert_store, "ops", hook_server.url, kinds=["raised"])
    two_syncs(alert_store)
    deliver_pending(alert_store)
    keys = {r.headers[IDEMPOTENCY_HEADER] for r in hook_server.received}
    assert (len(hook_server.received), len(keys)) == (3, 1)


def test_attempts_stop_at_max_attempts(
    alert_store: Store, hook_server: HookServer
) -> None:
    hook_server.statuses = [500]
    subscribe(alert_store, "ops", hook_server.url, kinds=["raised"])
    two_syncs(alert_store)
    [outcome] = deliver_pending(alert_store)
    deliver_pending(alert_store)
    assert (outcome.status, len(hook_server.received)) == ("failed", 3)


def test_backoff_doubles_between_attempts(
    tmp_path: Path, hook_server: HookServer
) -> None:
    settings = load_settings(
        {
            "db": str(tmp_path / "b.db"),
            "alerts.allow_private_targets": True,
            "alerts.backoff": 0.5,
            "alerts.max_attempts": 4,
        }
    )
    hook_server.statuses = [500]
    waits: list[float] = []
    with Store(settings=settings) as store:
        subscribe(store, "ops", hook_server.url, kinds=["raised"])
        two_syncs(store)
        deliver_pending(store, sleep=waits.append)
    assert waits == [0.5, 1.0, 2.0]


def test_changes_synced_without_delivery_go_out_on_the_next_run(
    alert_store: Store, hook_server: HookServer
) -> None:
    subscribe(alert_store, "ops", hook_server.url, kinds=["raised"])
    two_syncs(alert_store)  # e.g. the process died before delivering
    [outcome] = deliver_pending(alert_store)
    assert outcome.status == "delivered"


def test_private_target_is_refused_without_the_setting(
    tmp_path: Path, hook_server: HookServer
) -> None:
    settings = load_settings({"db": str(tmp_path / "r.db"), "alerts.backoff": 0.0})
    with Store(settings=settings) as store:
        subscribe(store, "ops", hook_server.url, kinds=["raised"])
        two_syncs(store)
        [outcome] = deliver_pending(store)
        again = deliver_pending(store)
    assert (outcome.status, outcome.attempts, again) == ("refused", 1, [])
    assert hook_server.received == []


def test_slack_channel_posts_text_payload(
    alert_store: Store, hook_server: HookServer
) -> None:
    subscribe(alert_store, "chat", hook_server.url, channel="slack", kinds=["raised"])
    two_syncs(alert_store)
    deliver_pending(alert_store)
    [body] = bodies(hook_server)
    assert list(body) == ["text"]
    assert "raised 3" in body["text"]


CHANGE = {
    "id": 1,
    "issuer": "US",
    "destination": "TD",
    "kind": "raised",
    "before": {"level": 3},
    "after": {"level": 4, "audience": "US"},
}


@pytest.mark.parametrize(
    ("filters", "matches"),
    [
        ({}, True),
        ({"issuer": "US"}, True),
        ({"issuer": "GB"}, False),
        ({"destination": "TD"}, True),
        ({"destination": "NE"}, False),
        ({"audience": "US"}, True),
        ({"audience": "CA"}, False),
        ({"min_level": 4}, True),
        ({"min_level": 3}, True),
        ({"kinds": ["raised", "new"]}, True),
        ({"kinds": ["lowered"]}, False),
    ],
)
def test_filters(filters: dict[str, Any], matches: bool) -> None:
    assert subs.Filters(**filters).matches(CHANGE) is matches


def test_min_level_counts_the_level_before_a_lowering() -> None:
    lowered = {
        **CHANGE,
        "kind": "lowered",
        "before": {"level": 4},
        "after": {"level": 2},
    }
    assert subs.Filters(min_level=3).matches(lowered)


def test_min_level_excludes_low_changes() -> None:
    low = {**CHANGE, "before": {"level": 1}, "after": {"level": 2}}
    assert not subs.Filters(min_level=3).matches(low)


@pytest.mark.parametrize(
    ("channel", "filters"),
    [
        ("pigeon", {}),
        ("webhook", {"kinds": ["exploded"]}),
        ("webhook", {"min_level": 7}),
    ],
)
def test_bad_subscription_is_refused(
    alert_store: Store, channel: str, filters: dict[str, Any]
) -> None:
    from travelwatch.errors import ConfigError

    with pytest.raises(ConfigError):
        subscribe(alert_store, "bad", "http://x.test/", channel=channel, **filters)
