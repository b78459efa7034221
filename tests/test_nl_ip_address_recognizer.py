"""NlIpAddressRecognizer: IPv4 and IPv6 by `ipaddress`; public addresses score higher."""

import pytest

from scanners import NL_RECOGNIZERS, build_analyzer
from scanners.recognizers.nl import NlIpAddressRecognizer

ENTITY = "IP_ADDRESS"


@pytest.fixture(scope="module")
def recognizer():
    return NlIpAddressRecognizer()


@pytest.fixture(scope="module")
def analyzer(tmp_path_factory):
    names = [cls.__name__ for cls in NL_RECOGNIZERS] + ["SpacyRecognizer"]
    entries = "".join(
        f"  - name: {n}\n    enabled: {str(n == 'NlIpAddressRecognizer').lower()}\n" for n in names
    )
    path = tmp_path_factory.mktemp("conf") / "recognizers.yaml"
    path.write_text(f"supported_languages: [nl]\nrecognizers:\n{entries}", encoding="utf-8")
    return build_analyzer(recognizers_conf=path)


@pytest.mark.parametrize(
    "text, expected, score",
    [
        # public (documentation-free, globally routable) addresses
        ("84.12.3.4", ["84.12.3.4"], 0.5),
        ("Ingelogd vanaf 145.97.12.200.", ["145.97.12.200"], 0.5),
        ("2a02:58:1:2::10", ["2a02:58:1:2::10"], 0.5),
        (
            "2A02:0058:0001:0002:0000:0000:0000:0010",
            ["2A02:0058:0001:0002:0000:0000:0000:0010"],
            0.5,
        ),
        # private, loopback, link-local, documentation: still IPs, lower score
        ("10.1.2.3", ["10.1.2.3"], 0.3),
        ("192.168.1.20", ["192.168.1.20"], 0.3),
        ("127.0.0.1", ["127.0.0.1"], 0.3),
        ("::1", ["::1"], 0.3),
        ("fe80::1ff:fe23:4567:890a", ["fe80::1ff:fe23:4567:890a"], 0.3),
        ("2001:db8::1", ["2001:db8::1"], 0.3),
        ("192.0.2.33", ["192.0.2.33"], 0.3),
        # not addresses
        ("256.1.2.3", [], None),
        ("84.012.3.4", [], None),  # leading zero
        ("1.2.3", [], None),
        ("1.2.3.4.5", [], None),
        ("v1.2.3.4", [], None),
        ("12:30:45", [], None),
        ("1:2:3:4:5:6:7:8:9", [], None),
        ("12.03.1984", [], None),
        ("123.456.782", [], None),
    ],
)
def test_when_ip_in_text_then_found(text, expected, score, recognizer):
    results = recognizer.analyze(text, [ENTITY])
    assert [text[r.start : r.end] for r in results] == expected
    assert all(r.score == pytest.approx(score) for r in results)


@pytest.mark.parametrize(
    "text, context, score",
    [
        ("192.168.1.20", None, 0.3),  # internal, no context: not reported
        ("IP-adres 192.168.1.20", None, 0.65),
        ("84.12.3.4", ["client_ip"], 0.85),
        ("84.12.3.4", ["ip", "adres", "ipadres"], 0.85),  # column ip_adres, as scan.py splits it
        ("In principe 192.168.1.20", None, 0.3),  # "ip" inside a word is no context
    ],
)
def test_context_raises_the_score(text, context, score, analyzer):
    results = analyzer.analyze(text, language="nl", context=context)
    assert [(r.entity_type, round(r.score, 2)) for r in results] == [(ENTITY, score)]
