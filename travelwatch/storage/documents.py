"""Documents: insert, look up, list and search."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from travelwatch.errors import StorageError
from travelwatch.models import Document
from travelwatch.storage.schema import documents

_LIST_COLUMNS = (
    documents.c.id,
    documents.c.title,
    documents.c.outlet,
    documents.c.url,
    documents.c.published,
    documents.c.language,
    documents.c.source,
    documents.c.duplicate_of,
    documents.c.created_at,
)


def find_by_raw_hashes(conn: sa.Connection, hashes: list[str]) -> dict[str, int]:
    """Document ids of the given raw hashes that are stored (one query)."""
    if not hashes:
        return {}
    rows = conn.execute(
        sa.select(documents.c.raw_hash, documents.c.id).where(
            documents.c.raw_hash.in_(sorted(set(hashes)))
        )
    )
    return {h: int(i) for h, i in rows}


def ids_by_content_hash(conn: sa.Connection, hashes: Iterable[str]) -> dict[str, int]:
    """Document ids of the given content hashes that are stored (one query)."""
    wanted = sorted(set(hashes))
    if not wanted:
        return {}
    rows = conn.execute(
        sa.select(documents.c.content_hash, documents.c.id).where(
            documents.c.content_hash.in_(wanted)
        )
    )
    return {h: int(i) for h, i in rows}


def _document_row(
    doc: Document,
    *,
    raw_hash: str,
    duplicate_of: int | None,
    minhash: bytes | None,
    screened: bool,
    created_at: dt.datetime,
) -> dict[str, Any]:
    meta = {k: v for k, v in doc.metadata.items() if k != "html"}
    if "html" in doc.metadata:
        meta["has_html"] = True
    return {
        "content_hash": doc.content_hash,
        "raw_hash": raw_hash,
        "source": doc.source,
        "url": doc.url,
        "title": doc.title,
        "outlet": doc.outlet,
        "published": doc.published,
        "language": doc.language,
        "original_text": doc.original_text,
        "text": doc.text,
        "text_map": doc.text_map.to_list(),
        "meta": meta,
        "duplicate_of": duplicate_of,
        "minhash": minhash,
        "screened": screened,
        "created_at": created_at,
    }


@dataclass(frozen=True, slots=True)
class NewDocument:
    """One row for :func:`insert_documents`."""

    document: Document
    raw_hash: str
    minhash: bytes | None
    screened: bool


def insert_documents(conn: sa.Connection, new: Sequence[NewDocument]) -> dict[str, int]:
    """Insert documents in one statement; ``{content hash: id}`` of those inserted.

    A document whose content hash is already stored (another writer got there
    first) is left alone and missing from the answer: the insert is idempotent.
    Rows go in the order given, so ids follow the input order whatever the batch
    size.
    """
    if not new:
        return {}
    now = dt.datetime.now(dt.UTC)
    rows = [
        _document_row(
            n.document,
            raw_hash=n.raw_hash,
            duplicate_of=None,
            minhash=n.minhash,
            screened=n.screened,
            created_at=now,
        )
        for n in new
    ]
    insert: Any = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = (
        insert(documents)
        .on_conflict_do_nothing(index_elements=[documents.c.content_hash])
        .returning(documents.c.content_hash, documents.c.id)
    )
    result = conn.execute(stmt, rows)
    return {h: int(i) for h, i in result}


def set_duplicate_of(conn: sa.Connection, pairs: Sequence[tuple[int, int]]) -> None:
    """Mark each ``(document id, original id)`` pair (one executemany)."""
    if not pairs:
        return
    conn.execute(
        documents.update()
        .where(documents.c.id == sa.bindparam("doc_id"))
        .values(duplicate_of=sa.bindparam("original")),
        [{"doc_id": d, "original": o} for d, o in pairs],
    )


def insert_document(
    conn: sa.Connection,
    doc: Document,
    *,
    raw_hash: str,
    duplicate_of: int | None,
    minhash: bytes | None,
    screened: bool,
) -> int:
    row = _document_row(
        doc,
        raw_hash=raw_hash,
        duplicate_of=duplicate_of,
        minhash=minhash,
        screened=screened,
        created_at=dt.datetime.now(dt.UTC),
    )
    result = conn.execute(documents.insert().values(**row))
    pk = result.inserted_primary_key
    if pk is None:
        raise StorageError("TW401", source=doc.source, detail="insert returned no key")
    return int(pk[0])


def _row_to_dict(row: Any, *, full: bool) -> dict[str, Any]:
    data = dict(row._mapping)
    created = data.get("created_at")
    if isinstance(created, dt.datetime) and created.tzinfo is None:
        # SQLite hands back naive datetimes; stored ones are UTC, as PostgreSQL says.
        data["created_at"] = created.replace(tzinfo=dt.UTC)
    for key in ("published", "created_at"):
        if data.get(key) is not None:
            data[key] = data[key].isoformat()
    if full:
        data.pop("minhash", None)
        data["metadata"] = data.pop("meta", {})
    return data


def list_documents(
    conn: sa.Connection, *, limit: int | None = None, offset: int = 0
) -> list[dict[str, Any]]:
    query = sa.select(*_LIST_COLUMNS, documents.c.text).order_by(documents.c.id)
    if limit is not None:
        query = query.limit(limit).offset(offset)
    return [_row_to_dict(r, full=False) for r in conn.execute(query)]


def get_document(conn: sa.Connection, doc_id: int) -> dict[str, Any] | None:
    row = conn.execute(sa.select(documents).where(documents.c.id == doc_id)).first()
    return None if row is None else _row_to_dict(row, full=True)


def newest_signatures(conn: sa.Connection, newest: int) -> list[tuple[str, bytes]]:
    """``(content hash, MinHash bytes)`` of the ``newest`` signed documents, oldest first."""
    query = (
        sa.select(documents.c.content_hash, documents.c.minhash)
        .where(documents.c.minhash.is_not(None))
        .order_by(documents.c.id.desc())
        .limit(newest)
    )
    rows = list(conn.execute(query))[::-1]
    return [(str(h), bytes(b)) for h, b in rows]


def signatures_after(conn: sa.Connection, doc_id: int) -> list[tuple[int, str, bytes]]:
    """``(id, content hash, MinHash bytes)`` of signed documents stored after ``doc_id``."""
    query = (
        sa.select(documents.c.id, documents.c.content_hash, documents.c.minhash)
        .where(documents.c.minhash.is_not(None))
        .where(documents.c.id > doc_id)
        .order_by(documents.c.id)
    )
    return [(int(i), str(h), bytes(b)) for i, h, b in conn.execute(query)]


def newest_id(conn: sa.Connection) -> int:
    """The highest document id stored (0 for an empty store)."""
    return int(conn.execute(sa.select(sa.func.max(documents.c.id))).scalar() or 0)


def _fts5_query(query: str) -> str:
    # Quote every term so user input cannot inject FTS5 syntax.
    terms = re.findall(r"\w+", query, flags=re.UNICODE)
    return " ".join(f'"{t}"' for t in terms)


def search_documents(
    conn: sa.Connection, query: str, *, limit: int = 20
) -> list[dict[str, Any]]:
    """Documents matching ``query``, best first, with a short highlighted snippet."""
    if conn.dialect.name == "sqlite":
        match = _fts5_query(query)
        if not match:
            return []
        rows = conn.execute(
            sa.text(
                "SELECT d.id, d.title, d.outlet, d.url, d.published, "
                "snippet(documents_fts, 1, '[', ']', '…', 12) AS snippet "
                "FROM documents_fts JOIN documents d ON d.id = documents_fts.rowid "
                "WHERE documents_fts MATCH :q ORDER BY rank LIMIT :n"
            ),
            {"q": match, "n": limit},
        )
    else:
        rows = conn.execute(
            sa.text(
                "SELECT d.id, d.title, d.outlet, d.url, d.published, "
                "ts_headline('english', d.text, q, "
                "'StartSel=[,StopSel=],MaxWords=20,MinWords=8') AS snippet "
                "FROM documents d, plainto_tsquery('english', :q) q "
                "WHERE d.search @@ q ORDER BY ts_rank(d.search, q) DESC, d.id LIMIT :n"
            ),
            {"q": query, "n": limit},
        )
    out = []
    for row in rows:
        data = dict(row._mapping)
        if data.get("published") is not None and not isinstance(data["published"], str):
            data["published"] = data["published"].isoformat()
        out.append(data)
    return out


def count_documents(conn: sa.Connection) -> int:
    return int(
        conn.execute(sa.select(sa.func.count()).select_from(documents)).scalar_one()
    )
