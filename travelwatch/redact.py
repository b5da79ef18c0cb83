"""Secrets never reach a log line.

Every command installs one logging filter when the CLI starts (:func:`install`),
and ``serve`` hands the same filter to uvicorn's handlers, in every worker process
(:func:`uvicorn_log_config`). The filter rewrites each record before any handler
formats it:

- a password in a URL (``postgresql://tw:s3cret@db/tw`` → ``postgresql://tw:***@db/tw``);
- query parameters named like a secret (``?token=…``, ``&api_key=…``, ``sig=…``);
- credentials: ``Bearer …`` anywhere, whatever follows an ``Authorization`` header;
- Slack-style webhook paths (``hooks.slack.com/services/…``), which are the secret;
- any value configured as a secret (``api.token``, the token in ``api.token_file``,
  the database password), wherever it appears.

The message, its arguments, the formatted traceback and the stack are all cleaned.
"""

from __future__ import annotations

import copy
import logging
import os
import re
import sys
import threading
from typing import Any

__all__ = [
    "RedactSecrets",
    "install",
    "redact",
    "remember_secrets",
    "remember_settings_secrets",
    "uvicorn_log_config",
]

MASK = "***"

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s/?#@:'\"]*:)[^\s/?#@'\"]+@")
_SECRET_PARAM = re.compile(
    r"(?i)([?&;][\w.-]*(?:token|secret|password|passwd|pwd|api[_-]?key|apikey"
    r"|access[_-]?key|signature|sig|auth)[\w.-]*=)[^&#\s'\"]+"
)
# A bearer token anywhere; any credentials after an Authorization header name.
_BEARER = re.compile(r"(?i)\b(Bearer\s+)[A-Za-z0-9._~+/-]{8,}=*")
_AUTH_HEADER = re.compile(
    r"(?i)(\bauthorization[\"']?\s*[:=]\s*[\"']?(?:[a-z]+\s+)?)(?!\*\*\*)[^\s\"',;]+"
)
_SLACK_HOOK = re.compile(r"(?i)(hooks\.slack\.com/(?:services|workflows|triggers)/)\S+")

#: A configured secret shorter than this is not searched for in text (a one-letter
#: "token" would mask every such letter and protect nothing).
MIN_SECRET_CHARS = 4

_secrets: set[str] = set()
_lock = threading.Lock()


def remember_secrets(*values: object) -> None:
    """Mask these values (a token, a password) wherever a log line holds them."""
    with _lock:
        for value in values:
            text = str(value).strip() if value is not None else ""
            if len(text) >= MIN_SECRET_CHARS:
                _secrets.add(text)


def remember_settings_secrets(settings: Any) -> None:
    """The secrets ``settings`` hold: the API token (set, or the first line of
    ``api.token_file``) and the database password."""
    token = settings["api.token"]
    path = settings["api.token_file"]
    if not token and path:
        try:
            with open(os.path.expanduser(str(path)), encoding="utf-8") as f:
                token = f.readline()
        except (OSError, UnicodeDecodeError):
            token = None  # an unreadable token file is reported where it is used
    password = None
    db = settings.db
    if "://" in db:
        import sqlalchemy as sa

        try:
            password = sa.engine.make_url(db).password
        except sa.exc.ArgumentError:
            match = re.search(r"://[^/:@]*:([^/@]*)@", db)
            password = match.group(1) if match else None
    remember_secrets(token, password)


def redact(text: str) -> str:
    """``text`` with every secret it holds replaced by ``***``."""
    if not text:
        return text
    text = _USERINFO.sub(rf"\1{MASK}@", text)
    text = _SECRET_PARAM.sub(rf"\1{MASK}", text)
    text = _AUTH_HEADER.sub(rf"\1{MASK}", text)  # before: it keeps the scheme
    text = _BEARER.sub(rf"\1{MASK}", text)
    text = _SLACK_HOOK.sub(rf"\1{MASK}", text)
    with _lock:
        known = sorted(_secrets, key=len, reverse=True)
    for secret in known:
        if secret in text:
            text = text.replace(secret, MASK)
    return text


_PLAIN = (str, int, float, bool, type(None))


class RedactSecrets(logging.Filter):
    """Cleans each record in place; never drops one."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            self._clean(record)
        except Exception:  # a log line must never fail because of its cleaning
            record.msg, record.args = "(log line withheld: it could not be cleaned)", ()
        return True

    @staticmethod
    def _clean(record: logging.LogRecord) -> None:
        message = record.getMessage()
        clean = redact(message)
        if clean != message:
            args = record.args
            if isinstance(args, tuple) and all(isinstance(a, _PLAIN) for a in args):
                # Keep the arguments' shape: some formatters read them (uvicorn's
                # access log takes its five fields from ``args``).
                record.msg = redact(str(record.msg))
                record.args = tuple(
                    redact(a) if isinstance(a, str) else a for a in args
                )
                if redact(record.getMessage()) != record.getMessage():
                    record.msg, record.args = clean, ()
            else:
                record.msg, record.args = clean, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (as logging's last resort
    does), so a redirected or captured stderr still gets the line."""

    def __init__(self, level: int = logging.NOTSET) -> None:
        logging.Handler.__init__(self, level)

    @property
    def stream(self) -> Any:
        return sys.stderr


def install(level: int = logging.WARNING) -> logging.Handler:
    """The CLI's log output, cleaned by :class:`RedactSecrets`. Idempotent.

    The CLI configures no logging of its own: what reaches stderr is what
    Python's last-resort handler prints (warnings and errors of loggers that
    nobody handles; libraries that silence themselves stay silent). That
    handler is replaced by the same one with the filter, so every command shows
    exactly the lines it showed before, with secrets masked.
    """
    current = logging.lastResort
    if isinstance(current, _StderrHandler):
        return current
    handler = _StderrHandler(level)
    handler.addFilter(RedactSecrets())
    logging.lastResort = handler
    return handler


def uvicorn_log_config() -> dict[str, Any]:
    """uvicorn's own logging configuration, with :class:`RedactSecrets` on every
    handler.

    Handed to ``uvicorn.run(log_config=…)``; worker processes apply it as they
    start, so the filter holds in each of them. travelwatch's own lines go to
    the last-resort handler, which :func:`install` replaces: the CLI does so at
    start, and each worker when it builds its app
    (:func:`travelwatch.api.app.app_from_environment`).
    """
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {
        "()": "travelwatch.redact.RedactSecrets"
    }
    for handler in config["handlers"].values():
        handler.setdefault("filters", []).append("redact_secrets")
    return config
