"""build_analyzer starts and analyzes with the network blocked and no caches to lean on."""

import socket

import pytest

from scanners import build_analyzer, scan_text


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    """Make every network attempt fail and record it; point HOME and caches at an empty dir."""
    attempts: list[str] = []

    def refuse(name):
        def _refuse(*args, **kwargs):
            attempts.append(name)
            raise OSError(f"network blocked in test ({name})")

        return _refuse

    monkeypatch.setattr(socket.socket, "connect", refuse("socket.connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("socket.connect_ex"))
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    for var in ("HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "TLDEXTRACT_CACHE"):
        monkeypatch.setenv(var, str(tmp_path))
    monkeypatch.delenv("TLDEXTRACT_CACHE_TIMEOUT", raising=False)
    return attempts


def test_build_and_analyze_offline(no_network, tmp_path):
    analyzer = build_analyzer()
    text = (
        "Stuur het naar j.jansen@gemeente-voorbeeld.nl of kijk op "
        "www.gemeente-voorbeeld.nl/contact en https://example.org/pad?q=1."
    )
    results = analyzer.analyze(text, language="nl")
    emails = [text[r.start : r.end] for r in results if r.entity_type == "EMAIL_ADDRESS"]
    assert emails == ["j.jansen@gemeente-voorbeeld.nl"]
    findings = {f.entity_type: f for f in scan_text(analyzer, text)}
    assert findings["EMAIL_ADDRESS"].hits == 1
    assert findings["EMAIL_ADDRESS"].evidence == ("j***@gemeente-voorbeeld.nl",)
    assert no_network == []
    assert list(tmp_path.iterdir()) == []  # nothing cached either


def test_analyzer_is_dutch_only(no_network):
    analyzer = build_analyzer()
    assert analyzer.supported_languages == ["nl"]
    assert {r.supported_language for r in analyzer.registry.recognizers} == {"nl"}
    assert analyzer.nlp_engine.loaded_models["nl"] in {
        "nl_core_news_lg",
        "nl_core_news_md",
        "nl_core_news_sm",
        "blank:nl",
    }
    assert no_network == []
