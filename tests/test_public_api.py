import subprocess
import sys

import travelwatch


def test_exported_members_are_sorted_and_resolve() -> None:
    assert travelwatch.__all__ == sorted(travelwatch.__all__)
    for name in travelwatch.__all__:
        assert getattr(travelwatch, name) is not None, name


def test_unknown_name_is_an_attribute_error() -> None:
    try:
        travelwatch.nonexistent  # noqa: B018
    except AttributeError as e:
        assert "nonexistent" in str(e)
    else:
        raise AssertionError("expected AttributeError")


def test_import_is_cheap() -> None:
    code = "import sys, travelwatch; print('spacy' in sys.modules, 'sqlalchemy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.split() == ["False", "False"]
