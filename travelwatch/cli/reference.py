"""Generates docs/cli.md from the commands themselves, so the reference cannot drift.

Run ``python -m travelwatch.cli.reference > docs/cli.md`` (``make docs``); a test
fails when the file is stale.
"""

from __future__ import annotations

import sys
from enum import Enum
from typing import Any

import typer

from travelwatch.cli import commands  # noqa: F401  (registers the commands)
from travelwatch.cli.app import app


# Typer vendors its own click, so parameters are read by their attributes.
def _param_line(param: Any) -> str:
    if param.param_type_name == "argument":
        suffix = "..." if param.nargs == -1 else ""
        help_text = " ".join((getattr(param, "help", None) or "").split())
        return f"- `{str(param.name).upper()}{suffix}` (argument): {help_text}"
    names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
    help_text = " ".join((param.help or "").split())
    default = param.default
    shown = ""
    if default not in (None, False, (), []) and not callable(default):
        value = getattr(default, "value", default)
        shown = f" (default: `{value}`)"
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        shown += " — one of " + ", ".join(f"`{m.value}`" for m in annotation)
    return f"- {names}: {help_text}{shown}"


def cli_markdown() -> str:
    root: Any = typer.main.get_command(app)
    lines = [
        "# Command reference",
        "",
        "Generated from the commands by `make docs`; do not edit by hand.",
        "Every command also answers `--help`.",
        "",
    ]
    for name in sorted(root.commands):
        lines += _command_lines(f"travelwatch {name}", root.commands[name])
    return "\n".join(lines).rstrip() + "\n"


def _command_lines(path: str, cmd: Any) -> list[str]:
    lines = [f"## `{path}`", ""]
    doc = (cmd.help or "").strip()
    if doc:
        lines += [line.rstrip() for line in doc.splitlines()] + [""]
    params = [p for p in cmd.params if p.name != "help"]
    if params:
        lines += [_param_line(p) for p in params] + [""]
    # A group (``news``, ``alerts``) documents each of its sub-commands.
    for sub in sorted(getattr(cmd, "commands", None) or {}):
        lines += _command_lines(f"{path} {sub}", cmd.commands[sub])
    return lines


if __name__ == "__main__":
    sys.stdout.write(cli_markdown())
