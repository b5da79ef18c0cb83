import pytest

from travelwatch.errors import (
    MESSAGES,
    ConnectorError,
    FeedFormatChanged,
    InputError,
    TravelwatchError,
)


def test_line_names_item_and_reason() -> None:
    err = InputError("TW104", source="big.txt", size=20, limit=10)
    assert err.line() == "TW104 big.txt: too large: 20 bytes (limit 10)"


def test_feed_errors_are_connector_errors() -> None:
    err = FeedFormatChanged(source="us", detail="no items")
    assert isinstance(err, ConnectorError)
    assert isinstance(err, TravelwatchError)
    assert err.code == "TW202"


@pytest.mark.parametrize("code", sorted(MESSAGES))
def test_every_code_is_well_formed(code: str) -> None:
    assert code.startswith("TW") and len(code) == 5 and code[2:].isdigit()


def test_missing_parameter_does_not_crash() -> None:
    err = InputError("TW104", source="x")
    assert err.line().startswith("TW104 x:")


def test_errors_survive_pickling() -> None:
    import pickle

    err = InputError("TW104", source="big.txt", size=20, limit=10)
    back = pickle.loads(pickle.dumps(err))
    assert type(back) is InputError and back.line() == err.line()
