"""Issue 15: no log line of any command carries a database password or a token.

One filter (travelwatch.redact.RedactSecrets) is installed when the CLI starts,
and ``serve`` gives it to uvicorn's handlers in every worker process.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import CliRunner

from travelwatch.cli import commands  # noqa: F401  (registers the commands)
from travelwatch.cli.app import app
from travelwatch.redact import (
    RedactSecrets,
    _StderrHandler,
    redact,
    remember_secrets,
)

pytestmark = pytest.mark.issue(15)

DB_PASSWORD = "pg-pass-7Qx"
TOKEN = "tok-2b7e151628aed2a6"


@pytest.mark.parametrize(
    ("line", "secret", "kept"),
    [
        (
            f"cannot reach postgresql+psycopg://tw:{DB_PASSWORD}@db.example:5432/tw",
            DB_PASSWORD,
            "postgresql+psycopg://tw:***@db.example:5432/tw",
        ),
        (
            "GET https://feeds.example/rss?lang=en&access_token=a1b2c3d4&page=2 failed",
            "a1b2c3d4",
            "?lang=en&access_token=***&page=2",
        ),
        ("sent Authorization: Bearer abc.def-ghi", "abc.def-ghi", "Bearer ***"),
        (
            "headers {'authorization': 'Basic dXNlcjpwYXNzd29yZA=='}",
            "dXNlcjpwYXNzd29yZA",
            "'authorization': 'Basic ***'",
        ),
        ("token in Bearer eyJhbGciOi.xyz", "eyJhbGciOi.xyz", "Bearer ***"),
        (
            "webhook https://hooks.slack.com/services/T0/B0/xYz123 answered 500",
            "xYz123",
            "hooks.slack.com/services/*** answered 500",
        ),
        ("smtp://mailer:letmein99@mail.example:25", "letmein99", "mailer:***@"),
    ],
)
def test_secrets_in_a_line_are_masked(line: str, secret: str, kept: str) -> None:
    clean = redact(line)
    assert secret not in clean
    assert kept in clean


@pytest.mark.parametrize(
    "line",
    [
        "sync us failed: TW201 us: HTTP 503 from https://feeds.example/rss?lang=en",
        "Basic information on Bearer bonds, and the monkey:island@ mix",
        "an author's note",
    ],
)
def test_plain_lines_are_left_alone(line: str) -> None:
    assert redact(line) == line


def test_a_configured_secret_is_masked_anywhere() -> None:
    remember_secrets("s3cr3t-value-only-here")
    assert redact("token was s3cr3t-value-only-here.") == "token was ***."
    remember_secrets("ab")  # too short to look for: it would mask every "ab"
    assert redact("about abc") == "about abc"


def _record(
    msg: str, *args: object, exc: BaseException | None = None
) -> logging.LogRecord:
    exc_info = (type(exc), exc, exc.__traceback__) if exc else None
    return logging.LogRecord(
        "travelwatch.x", logging.ERROR, __file__, 1, msg, args, exc_info
    )


def test_the_filter_cleans_arguments_and_tracebacks() -> None:
    try:
        raise ConnectionError(f"refused by postgresql://tw:{DB_PASSWORD}@db/tw")
    except ConnectionError as e:
        record = _record("sync %s failed: %s", "us", e, exc=e)
    assert RedactSecrets().filter(record) is True
    text = logging.Formatter().format(record)
    assert DB_PASSWORD not in text
    assert "sync us failed: refused by postgresql://tw:***@db/tw" in text
    assert "Traceback" in text and "ConnectionError" in text  # still useful


def test_the_filter_keeps_the_shape_of_plain_arguments() -> None:
    # uvicorn's access formatter reads its five fields from record.args.
    record = _record(
        '%s - "%s %s HTTP/%s" %d', "127.0.0.1:5", "GET", "/api?token=abcdef", "1.1", 200
    )
    RedactSecrets().filter(record)
    assert isinstance(record.args, tuple) and len(record.args) == 5
    assert record.args[2] == "/api?token=***" and record.args[4] == 200


@pytest.fixture
def stock_logging() -> Iterator[None]:
    """Python's own last-resort handler, as before any CLI start (restored after)."""
    saved = logging.lastResort
    logging.lastResort = logging._StderrHandler(logging.WARNING)  # type: ignore[attr-defined]
    yield
    logging.lastResort = saved


@contextmanager
def _nothing_configured() -> Iterator[None]:
    """The root logger without handlers, as in a CLI run (pytest adds its own)."""
    root = logging.getLogger()
    saved = list(root.handlers)
    root.handlers = []
    try:
        yield
    finally:
        root.handlers = saved


@pytest.mark.parametrize(
    "command",
    [["documents"], ["advisories"], ["sources"], ["changes"], ["news", "list"]],
)
def test_every_command_logs_through_the_filter(
    command: list[str],
    tmp_path: Path,
    stock_logging: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert not isinstance(logging.lastResort, _StderrHandler)
    runner = CliRunner()
    result = runner.invoke(
        app,
        [*command, "--db", str(tmp_path / "t.db")],
        env={"TRAVELWATCH_API_TOKEN": TOKEN},
    )
    assert result.exit_code == 0, result.output
    assert isinstance(logging.lastResort, _StderrHandler)  # set when the CLI started
    capsys.readouterr()
    # What any module logs from now on passes the filter on its way to stderr.
    with _nothing_configured():
        logging.getLogger("travelwatch.feeds").warning(
            "sync uk failed at %s (token %s)",
            f"https://ops:{DB_PASSWORD}@feeds.example/x",
            TOKEN,
        )
        logging.getLogger("travelwatch.feeds").info("not shown: below WARNING")
    err = capsys.readouterr().err
    assert err == "sync uk failed at https://ops:***@feeds.example/x (token ***)\n"


def test_a_real_command_prints_what_it_printed_before(tmp_path: Path) -> None:
    """Libraries that silence their own loggers stay silent: installing the
    filter adds no line to a command's output (trafilatura logs errors about
    the odd page of examples/ to a logger of its own)."""
    examples = Path(__file__).resolve().parents[1] / "examples" / "articles"
    done = subprocess.run(
        [
            str(Path(sys.executable).parent / "travelwatch"),
            "ingest",
            str(examples),
            "--db",
            str(tmp_path / "e.db"),
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""


def test_serve_logging_is_filtered_in_a_new_process(tmp_path: Path) -> None:
    """A worker process applies the config serve hands to uvicorn and builds its
    app with the factory serve names: uvicorn's own lines and travelwatch's go
    through the filter there too."""
    script = textwrap.dedent(
        f"""
        import logging, logging.config
        from travelwatch.api.app import app_from_environment
        from travelwatch.redact import uvicorn_log_config
        logging.config.dictConfig(uvicorn_log_config())
        app_from_environment()
        logging.getLogger("uvicorn.error").error(
            "cannot open postgresql://tw:{DB_PASSWORD}@db/tw")
        logging.getLogger("travelwatch.api.errors").error(
            "unhandled error with Authorization: Bearer {TOKEN}")
        logging.getLogger("uvicorn.access").info(
            '%s - "%s %s HTTP/%s" %d', "127.0.0.1:9", "GET",
            "/api/advisories?api_key={TOKEN}", "1.1", 200)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **os.environ,
            "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
            "TRAVELWATCH_DB": str(tmp_path / "w.db"),
        },
        check=True,
    )
    out = done.stdout + done.stderr
    assert "postgresql://tw:***@db/tw" in out
    assert "Bearer ***" in out
    assert "/api/advisories?api_key=***" in out  # the access line still formats
    assert DB_PASSWORD not in out and TOKEN not in out
