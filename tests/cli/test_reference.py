from pathlib import Path

from travelwatch.cli.reference import cli_markdown

REPO = Path(__file__).resolve().parents[2]


def test_cli_reference_is_current() -> None:
    doc = (REPO / "docs" / "cli.md").read_text()
    assert doc == cli_markdown(), "docs/cli.md is stale; run `make docs`"


def test_every_command_has_an_example() -> None:
    missing = [
        block.split("`")[1]
        for block in cli_markdown().split("\n## ")[1:]
        if "Example:" not in block
    ]
    assert not missing, f"commands without an Example: {missing}"
