"""The record and its secrets on disk, the login cookie, headers on every response, CSV, strict types."""

from __future__ import annotations

import argparse
import csv
import io
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from facilitator import Hub, HubHandle, ProtocolError, Store, create_app, new_token, parse, report_csv
from facilitator._auth import SECURITY_HEADERS, Logins
from facilitator._cli import announce, open_record, token_path
from facilitator._storage import SCHEMA

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX file modes")


@pytest.fixture
def usual_umask() -> Iterator[None]:
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(p: Path) -> int:
    return stat.S_IMODE(p.stat().st_mode)


def test_record_folder_database_wal_shm_and_token_are_private(tmp_path: Path, usual_umask: None) -> None:
    db = tmp_path / "records" / "room.sqlite3"
    token = open_record(db, keep_token=True)
    assert token and os.umask(0o022) == 0o022  # the process umask is left as it was
    store = Store(db)  # held open: its -wal and -shm exist now
    try:
        store.open_session("PRV-111", "grey", "Grey")
        assert _mode(db.parent) == 0o700
        for f in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), token_path(db)):
            assert _mode(f) == 0o600, f
        with sqlite3.connect(db) as c:  # the token is nowhere in the session data
            for (table,) in c.execute("SELECT name FROM sqlite_master WHERE type='table'"):
                assert token not in repr(c.execute(f"SELECT * FROM {table}").fetchall()), table
    finally:
        store.close()
    assert open_record(db, keep_token=True) == token  # kept for the next start: headsets rejoin
    assert open_record(db, keep_token=True, rotate_token=True) != token


def test_an_older_record_is_narrowed_and_its_token_moves_out(tmp_path: Path, usual_umask: None) -> None:
    db = tmp_path / "old.sqlite3"
    with sqlite3.connect(db) as c:  # as an older version left it: 0644, the token in `meta`
        c.executescript(SCHEMA)
        c.execute("INSERT INTO meta(key, value) VALUES ('token', 'old-token-kept')")
    assert _mode(db) == 0o644
    assert open_record(db, keep_token=True) == "old-token-kept"
    assert _mode(db) == 0o600 and _mode(token_path(db)) == 0o600
    with sqlite3.connect(db) as c:
        assert c.execute("SELECT COUNT(*) FROM meta WHERE key='token'").fetchone()[0] == 0


def test_login_cookie_is_a_signed_expiring_login_not_the_token() -> None:
    now = [1000.0]
    logins = Logins("the-token", max_age=60, now=lambda: now[0])
    value = logins.issue()
    assert "the-token" not in value and logins.valid(value)
    assert not Logins("another-token", now=lambda: now[0]).valid(value)  # a new token ends every login
    body, _, sig = value.rpartition(".")
    assert not logins.valid(f"{int(body.split('.')[0]) + 999}.{body.split('.', 1)[1]}.{sig}")  # tampered
    assert not logins.valid("") and not logins.valid("1.2") and not logins.valid("x.y.z")
    now[0] += 61
    assert not logins.valid(value)  # expired


async def test_cookie_holds_no_token_and_one_cookie_per_hub(hub: HubHandle) -> None:
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as s:
        async with s.get(hub.page_url, allow_redirects=False) as r:
            cookie = r.headers["Set-Cookie"]
            assert r.status == 303 and hub.token not in cookie
            assert cookie.startswith(f"evr_console_{hub.port}=") and "Max-Age=" in cookie
        async with s.get(hub.url + "api/sessions") as r:  # the login opens the API
            assert r.status == 200
    forged = {"Cookie": f"evr_console_{hub.port}={hub.token}"}  # the token itself is no login
    async with aiohttp.ClientSession() as s, s.get(hub.url + "api/sessions", headers=forged) as r:
        assert r.status == 401


async def test_security_headers_on_every_response_errors_included(tmp_path: Path) -> None:
    hub = Hub(Store(":memory:"))
    app = create_app(hub, "tok-1")

    async def boom(request: web.Request) -> web.Response:
        raise RuntimeError("a bug in a handler")

    app.router.add_get("/boom", boom)
    async with TestServer(app, host="127.0.0.1") as server:
        auth = {"Authorization": "Bearer tok-1"}
        cases = [("GET", "/", auth, 200), ("GET", "/no/such/page", auth, 404), ("POST", "/", auth, 405),
                 ("GET", "/boom", auth, 500), ("GET", "/api/sessions", {}, 401),
                 ("GET", "/static/nothing.css", auth, 404), ("GET", "/report/NOPE-000", auth, 404),
                 ("GET", "/?token=tok-1", {}, 303)]
        async with aiohttp.ClientSession() as s:
            for method, path, headers, status in cases:
                async with s.request(method, server.make_url(path), headers=headers, allow_redirects=False) as r:
                    assert r.status == status, path
                    for k in SECURITY_HEADERS:
                        assert k in r.headers, (path, status, k)
    hub.shutdown()


def test_csv_export_neutralises_formulas(tmp_path: Path) -> None:
    s = Store(tmp_path / "r.sqlite3")
    s.open_session("CSV-111", "=cmd|' /C calc'!A0", "Grey")
    texts = ['=HYPERLINK("http://evil.example","click")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "calm, ok"]
    for t in texts:
        s.add_note("CSV-111", "note", "", t)
    s.add_event("CSV-111", 1, -1.5, "LineStarted", {"text": "=1+1"})
    rows = list(csv.reader(io.StringIO(report_csv(s.record("CSV-111") or {}), newline="")))
    cells = [c for r in rows for c in r]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t", "\r") or (c.startswith("-") and c != "-1.5")]
    notes = [r[6] for r in rows if r[0] == "note"]
    assert notes == ["'" + t for t in texts[:-1]] + ["calm, ok"]
    assert [r[2] for r in rows if r[0] == "event"] == ["-1.5"]  # numbers stay numbers
    s.close()


def test_tokens_never_start_with_a_dash_and_the_join_line_always_parses(monkeypatch: pytest.MonkeyPatch) -> None:
    made = iter(["-dash-first", "_fine"])
    monkeypatch.setattr("facilitator._auth.secrets.token_urlsafe", lambda n: next(made))
    assert new_token() == "_fine"
    out = io.StringIO()
    hub = HubHandle(url="http://127.0.0.1:8765/", token="-kept-from-an-older-hub", stop=lambda: None,
                    hub=None, port=8765)  # type: ignore[arg-type]
    announce(hub, out, qr=False)
    join = out.getvalue().split("join with ", 1)[1].split(")", 1)[0].split()
    from experience.cli import build_parser

    args = build_parser().parse_args(["run", *join])
    assert args.console == "ws://127.0.0.1:8765/ws" and args.token == "-kept-from-an-older-hub"


def test_token_from_a_file_or_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from experience.errors import UsageError
    from experience.runner import TOKEN_ENV, console_token

    def ns(**kw: object) -> argparse.Namespace:
        return argparse.Namespace(**{"token": None, "token_file": None, **kw})

    f = tmp_path / "room.sqlite3.token"
    f.write_text("from-file\n")
    monkeypatch.setenv(TOKEN_ENV, "from-env")
    assert console_token(ns(token="given")) == "given"
    assert console_token(ns(token_file=str(f))) == "from-file"
    assert console_token(ns()) == "from-env"
    monkeypatch.delenv(TOKEN_ENV)
    assert console_token(ns()) is None
    with pytest.raises(UsageError, match="cannot read"):
        console_token(ns(token_file=str(tmp_path / "missing")))


@pytest.mark.parametrize("v", ["true", "1.0", '"1"', "false", "null"])
def test_protocol_version_is_strictly_an_integer(v: str) -> None:
    with pytest.raises(ProtocolError, match="version"):
        parse('{"v": ' + v + ', "type": "hello", "role": "console"}')
    assert parse('{"v": 1, "type": "hello", "role": "console"}').type == "hello"
