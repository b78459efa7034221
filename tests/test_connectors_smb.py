"""SmbFileStore against a real Samba server on loopback (tests/smb_server.py).

Each test writes its own folder on the share and points a store at `smb://…/share/<folder>`,
so the tests share one server and never each other's files.
"""

from __future__ import annotations

import logging
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors import (
    ConnectorError,
    ExtractionError,
    FileRef,
    FileStore,
    SmbFileStore,
    file_fingerprint,
    same_content,
)
from connectors.extract import DOCX_MIME, XLSX_MIME
from tests.smb_server import SmbServer
from tests.test_connectors_files import BSN, NAME, make_docx, make_pdf, make_xlsx


@dataclass
class Folder:
    """A fresh folder on the share: `local` to write into, `url` to scan."""

    local: Path
    url: str
    server: SmbServer

    def write(self, rel: str, data: bytes, mode: int = 0o644) -> Path:
        path = self.local / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        for parent in path.relative_to(self.local).parents:
            (self.local / parent).chmod(0o755)
        path.write_bytes(data)
        path.chmod(mode)
        return path

    def store(self, **kwargs: object) -> SmbFileStore:
        return SmbFileStore(
            self.url,
            username=self.server.username,
            password=self.server.password,
            **kwargs,  # type: ignore[arg-type]
        )


@pytest.fixture
def folder(smb_server: SmbServer) -> Iterator[Folder]:
    name = f"t{uuid.uuid4().hex[:8]}"
    local = smb_server.share_dir / name
    local.mkdir(mode=0o755)
    yield Folder(local=local, url=smb_server.url(name), server=smb_server)


def paths_of(store: FileStore) -> list[str]:
    return [ref.path for ref in store.list_files()]


# -- URL and credentials, no server needed -------------------------------------------------------


def test_url_parts_and_port() -> None:
    store = SmbFileStore("smb://fileserver/afdelingen/Wmo/Bezwaar", username="scanner")
    assert (store.server, store.port, store.share, store.folder) == (
        "fileserver",
        445,
        "afdelingen",
        ("Wmo", "Bezwaar"),
    )
    assert store.url == "smb://fileserver:445/afdelingen/Wmo/Bezwaar"
    assert SmbFileStore("smb://fileserver:4455/a", port=1445).port == 4455  # the URL wins
    assert SmbFileStore("smb://fileserver/a", port=1445).port == 1445
    assert SmbFileStore("smb://scanner@fileserver/a").username == "scanner"
    assert SmbFileStore("smb://fileserver/Sociaal%20Domein").share == "Sociaal Domein"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("smb://scanner:Geheim123@fileserver/share", "must not contain a password"),
        ("file:///srv/share", "must start with smb://"),
        ("smb:///share", "names no server"),
        ("smb://fileserver", "names no share"),
        ("smb://fileserver/share/../etc", "invalid share path"),
        ("smb://fileserver:notaport/share", "invalid port"),
    ],
)
def test_bad_urls_are_clear_errors(url: str, message: str) -> None:
    with pytest.raises(ConnectorError, match=message) as excinfo:
        SmbFileStore(url)
    assert "Geheim123" not in str(excinfo.value)


def test_repr_has_no_password() -> None:
    store = SmbFileStore("smb://fileserver/share", username="scanner", password="Geheim123")
    assert "Geheim123" not in repr(store)
    assert "scanner" in repr(store)


# -- against the Samba server --------------------------------------------------------------------


@pytest.mark.integration
def test_list_read_and_extract_over_smb(folder: Folder) -> None:
    txt = f"Gesprek met {NAME} over zijn uitkering.\n".encode()
    written = {
        "notitie.txt": folder.write("notitie.txt", txt),
        "Wmo/beschikking.docx": folder.write("Wmo/beschikking.docx", make_docx()),
        "Wmo/overzicht.xlsx": folder.write("Wmo/overzicht.xlsx", make_xlsx()),
        "Wmo/Bezwaar/rapport.pdf": folder.write("Wmo/Bezwaar/rapport.pdf", make_pdf()),
    }
    with folder.store() as store:
        refs = list(store.list_files())
        assert [r.path for r in refs] == [
            "Wmo/Bezwaar/rapport.pdf",
            "Wmo/beschikking.docx",
            "Wmo/overzicht.xlsx",
            "notitie.txt",
        ]
        assert store.skipped == []
        for ref in refs:
            st = written[ref.path].stat()
            assert ref.size == st.st_size
            assert ref.modified.tzinfo is not None and ref.modified.utcoffset() is not None
            local_mtime = datetime.fromtimestamp(st.st_mtime, tz=UTC)
            assert abs((ref.modified - local_mtime).total_seconds()) < 0.001  # the write time
        by_path = {r.path: r for r in refs}

        assert store.read_bytes(by_path["notitie.txt"]) == txt
        word = store.read_text(by_path["Wmo/beschikking.docx"])
        assert word.mime == DOCX_MIME and NAME in word.text and BSN in word.text
        excel = store.read_text(by_path["Wmo/overzicht.xlsx"])
        assert excel.mime == XLSX_MIME and "bijstand" in excel.text
        pdf = store.read_text(by_path["Wmo/Bezwaar/rapport.pdf"])
        assert pdf.mime == "application/pdf" and "06-12345678" in pdf.text


@pytest.mark.integration
def test_hidden_system_and_excluded_entries_are_skipped(folder: Folder) -> None:
    folder.write("zichtbaar.txt", b"ok")
    folder.write(".verborgen.txt", b"dot-name")
    folder.write(".git/config", b"[core]")
    folder.write("verborgen-attribuut.txt", b"hidden", mode=0o645)  # o+x: DOS hidden (map hidden)
    folder.write("systeem.txt", b"system", mode=0o654)  # g+x: DOS system (map system)
    folder.write("Prive/dagboek.txt", b"hidden folder")  # `hide files = /Prive*/`
    folder.write("Archief/2019/oud.txt", b"old")
    folder.write("kladje.tmp", b"tmp")
    folder.write("Wmo/brief.txt", b"brief")

    assert paths_of(folder.store()) == [
        "Archief/2019/oud.txt",
        "Wmo/brief.txt",
        "kladje.tmp",
        "zichtbaar.txt",
    ]
    assert paths_of(folder.store(exclude=["Archief", "*.tmp"])) == [
        "Wmo/brief.txt",
        "zichtbaar.txt",
    ]


@pytest.mark.integration
def test_links_never_reach_outside_the_share_and_loops_end(folder: Folder) -> None:
    outside = folder.server.outside_dir / folder.local.name
    outside.mkdir(mode=0o755)
    (outside / "geheim.txt").write_bytes(b"buiten de share")
    (outside / "geheim.txt").chmod(0o644)
    folder.write("Wmo/brief.txt", b"brief")
    folder.write("zz-notitie.txt", b"na Wmo/lus in naamvolgorde")  # reached via the loop first
    (folder.local / "link-naar-buiten").symlink_to(outside, target_is_directory=True)
    (folder.local / "geheim-link.txt").symlink_to(outside / "geheim.txt")
    (folder.local / "absoluut.txt").symlink_to("/etc/passwd")
    (folder.local / "Wmo" / "lus").symlink_to(folder.local, target_is_directory=True)

    store = folder.store()
    paths = paths_of(store)
    assert paths == ["Wmo/brief.txt", "zz-notitie.txt"]
    assert not [p for p in paths if "buiten" in p or "geheim" in p or "absoluut" in p]
    assert len(paths) == len(set(paths))
    assert not [p for p in paths if "lus" in p]  # leads back to the root (same file id)
    for rel in ("geheim-link.txt", "link-naar-buiten/geheim.txt", "absoluut.txt"):
        with pytest.raises(ConnectorError, match="file not found"):
            store.read_bytes(FileRef(rel, 15, datetime.now(UTC)))
    for rel in ("../buiten/geheim.txt", "/etc/passwd", "Wmo\\..\\..\\x", "brief.txt:stream"):
        with pytest.raises(ConnectorError, match="not inside the share"):
            store.read_bytes(FileRef(rel, 15, datetime.now(UTC)))


@pytest.mark.integration
def test_wrong_password_is_a_clear_error_without_the_password(
    folder: Folder, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "Fout-" + uuid.uuid4().hex
    store = SmbFileStore(folder.url, username=folder.server.username, password=wrong)
    with pytest.raises(ConnectorError, match="login failed for user") as excinfo:
        list(store.list_files())
    message = str(excinfo.value)
    assert message.startswith(folder.url + ": ")
    assert wrong not in message and folder.server.password not in message
    assert excinfo.value.__cause__ is None  # smbprotocol's exception is not chained
    assert wrong not in caplog.text and folder.server.password not in caplog.text
    assert wrong not in repr(store)


@pytest.mark.integration
def test_missing_share_folder_and_unreachable_server(folder: Folder, smb_server: SmbServer) -> None:
    def store(url: str, timeout: int = 30) -> SmbFileStore:
        return SmbFileStore(
            url,
            username=smb_server.username,
            password=smb_server.password,
            connection_timeout=timeout,
        )

    missing_share = f"smb://{smb_server.host}:{smb_server.port}/bestaat-niet"
    with pytest.raises(ConnectorError, match="bestaat-niet: share or folder not found"):
        list(store(missing_share).list_files())
    with pytest.raises(ConnectorError, match="bestaat-niet: share or folder not found"):
        list(store(folder.url + "/bestaat-niet").list_files())
    folder.write("bestand.txt", b"x")
    with pytest.raises(ConnectorError, match="not a folder"):
        list(store(folder.url + "/bestand.txt").list_files())
    with pytest.raises(ConnectorError, match="server not reachable"):
        list(store("smb://127.0.0.1:1/share", timeout=5).list_files())


@pytest.mark.integration
def test_oversize_file_is_listed_but_not_read(folder: Folder) -> None:
    folder.write("groot.txt", b"a" * 4096)
    folder.write("klein.txt", b"Gesprek")
    store = folder.store(max_bytes=1024)
    refs = {r.path: r for r in store.list_files()}
    assert refs["groot.txt"].size == 4096
    with pytest.raises(ConnectorError, match=r"groot\.txt: 4096 bytes exceeds the limit of 1024"):
        store.read_bytes(refs["groot.txt"])
    with pytest.raises(ConnectorError):
        store.read_text(refs["groot.txt"])
    assert store.read_bytes(refs["klein.txt"]) == b"Gesprek"
    big = folder.store(max_bytes=200_000)  # larger than one SMB read: read in several chunks
    data = os.urandom(150_000)
    folder.write("willekeurig.bin", data)
    assert big.read_bytes(next(r for r in big.list_files() if r.path == "willekeurig.bin")) == data


@pytest.mark.integration
def test_vanished_file_between_list_and_read(folder: Folder) -> None:
    folder.write("notitie.txt", b"weg straks")
    store = folder.store()
    ref = next(r for r in store.list_files() if r.path == "notitie.txt")
    (folder.local / "notitie.txt").unlink()
    with pytest.raises(ConnectorError, match=r"^notitie\.txt: file not found$"):
        store.read_bytes(ref)


@pytest.mark.integration
def test_unreadable_folder_is_recorded_as_skipped(folder: Folder) -> None:
    folder.write("open/brief.txt", b"brief")
    folder.write("dicht/geheim.txt", b"geheim")
    (folder.local / "dicht").chmod(0)  # the Samba user may not list it (smbd is not root then)
    store = folder.store()
    assert paths_of(store) == ["open/brief.txt"]
    assert store.skipped == [("dicht", "cannot list (access denied)")]


@pytest.mark.integration
def test_unreadable_file_and_corrupt_document(folder: Folder) -> None:
    folder.write("afgeschermd.txt", b"geheim", mode=0o600)  # owned by root, not the Samba user
    folder.write("kapot.pdf", b"%PDF-1.7\n1 0 obj << /Type /Catalog >> garbage \x00\x01\x02")
    store = folder.store()
    refs = {r.path: r for r in store.list_files()}
    with pytest.raises(ConnectorError, match=r"^afgeschermd\.txt: access denied$"):
        store.read_bytes(refs["afgeschermd.txt"])
    with pytest.raises(ExtractionError, match=r"^kapot\.pdf: ") as excinfo:
        store.read_text(refs["kapot.pdf"])
    assert excinfo.value.__cause__ is None


@pytest.mark.integration
def test_close_ends_the_connection_and_a_new_call_reconnects(folder: Folder) -> None:
    folder.write("a.txt", b"a")
    store = folder.store()
    assert paths_of(store) == ["a.txt"]
    store.close()
    assert paths_of(store) == ["a.txt"]
    store.close()


@pytest.mark.integration
def test_fingerprints_over_smb_are_stable_until_the_file_changes(folder: Folder) -> None:
    path = folder.write("brief.txt", b"versie 1")
    folder.write("ander.txt", b"blijft")
    store = folder.store()

    def fingerprints() -> dict[str, str]:
        return {r.path: file_fingerprint(r) for r in store.list_files()}

    before = fingerprints()
    assert before == fingerprints()
    st = path.stat()
    path.write_bytes(b"versie 2")  # same size; the write time moves on
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    after = fingerprints()
    assert after["brief.txt"] != before["brief.txt"]
    assert after["ander.txt"] == before["ander.txt"]
    ref = next(r for r in store.list_files() if r.path == "brief.txt")
    assert same_content(file_fingerprint(ref, b"versie 2"), store.read_bytes(ref))
