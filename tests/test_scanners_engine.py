"""build_analyzer: config files are validated and a broken one is a loud error."""

from pathlib import Path

import pytest

from scanners import NL_RECOGNIZERS, AnalyzerConfigError, build_analyzer
from scanners.engine import DEFAULT_NLP_CONF, DEFAULT_RECOGNIZERS_CONF

RECOGNIZERS_YAML = DEFAULT_RECOGNIZERS_CONF.read_text(encoding="utf-8")
NLP_YAML = DEFAULT_NLP_CONF.read_text(encoding="utf-8")


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_default_config_enables_every_recognizer():
    analyzer = build_analyzer()
    names = {type(r).__name__ for r in analyzer.registry.recognizers}
    assert {cls.__name__ for cls in NL_RECOGNIZERS} <= names


def test_missing_config_file_is_an_error(tmp_path):
    with pytest.raises(AnalyzerConfigError, match="cannot read"):
        build_analyzer(nlp_conf=tmp_path / "nope.yaml")


@pytest.mark.parametrize(
    "text, message",
    [
        ("nlp_engine_name: [", "not valid YAML"),
        ("", "invalid NLP config"),
        (NLP_YAML.replace("nlp_engine_name: spacy", "nlp_engine_name: stanza"), "nlp_engine_name"),
        (
            NLP_YAML.replace(
                "lang_code: nl\n    model_name: blank:nl", "lang_code: en\n    model_name: blank:en"
            ),
            "lang_code",
        ),
        (NLP_YAML + "\nextra_key: 1\n", "extra_key"),
        (NLP_YAML.replace("default_score: 0.85", "default_scor: 0.85"), "default_scor"),
    ],
)
def test_broken_nlp_config_is_an_error(tmp_path, text, message):
    with pytest.raises(AnalyzerConfigError, match=message):
        build_analyzer(nlp_conf=write(tmp_path, "nlp.yaml", text))


def test_no_installed_pipeline_is_an_error(tmp_path):
    text = NLP_YAML.replace("  - lang_code: nl\n    model_name: blank:nl\n", "")
    nlp_conf = write(tmp_path, "nlp.yaml", text)
    try:
        import spacy

        if any(spacy.util.is_package(f"nl_core_news_{s}") for s in ("lg", "md", "sm")):
            pytest.skip("a trained Dutch pipeline is installed")
    except ImportError:  # pragma: no cover
        pass
    with pytest.raises(AnalyzerConfigError, match="none of the spaCy pipelines"):
        build_analyzer(nlp_conf=nlp_conf)


@pytest.mark.parametrize(
    "text, message",
    [
        (RECOGNIZERS_YAML.replace("NlBsnRecognizer", "NlBsnRecogniser"), "unknown recognizer"),
        (
            RECOGNIZERS_YAML.replace("  - name: NlBsnRecognizer\n", "  - name: NlIbanRecognizer\n"),
            "more than once",
        ),
        (
            RECOGNIZERS_YAML.replace(
                "supported_languages:\n  - nl", "supported_languages:\n  - en"
            ),
            "supported_languages",
        ),
        (RECOGNIZERS_YAML.replace("enabled: true", "enabled: yes please", 1), "enabled"),
        (
            RECOGNIZERS_YAML.replace("type: predefined", "type: custom", 1),
            "entry 'NlBsnRecognizer'.*patterns/deny_list or a lexicon",
        ),
        (RECOGNIZERS_YAML.replace("type: predefined", "type: magic", 1), "type"),
    ],
)
def test_broken_recognizers_config_is_an_error(tmp_path, text, message):
    with pytest.raises(AnalyzerConfigError, match=f"(?s){message}"):
        build_analyzer(recognizers_conf=write(tmp_path, "recognizers.yaml", text))


def test_a_recognizer_left_out_is_an_error(tmp_path):
    text = RECOGNIZERS_YAML.replace(
        "  - name: NlReligionRecognizer\n    type: predefined\n    supported_languages: [nl]\n"
        "    enabled: true\n",
        "",
    )
    with pytest.raises(AnalyzerConfigError, match="not listed"):
        build_analyzer(recognizers_conf=write(tmp_path, "recognizers.yaml", text))


def test_disabled_recognizer_is_not_loaded(tmp_path):
    text = RECOGNIZERS_YAML.replace(
        "  - name: NlPostcodeRecognizer\n    type: predefined\n    supported_languages: [nl]\n"
        "    enabled: true",
        "  - name: NlPostcodeRecognizer\n    type: predefined\n    supported_languages: [nl]\n"
        "    enabled: false",
    )
    analyzer = build_analyzer(recognizers_conf=write(tmp_path, "recognizers.yaml", text))
    assert "NL_POSTCODE" not in analyzer.get_supported_entities("nl")


def test_context_override(tmp_path):
    text = RECOGNIZERS_YAML.replace(
        "  - name: NlBsnRecognizer\n    type: predefined\n    supported_languages: [nl]\n",
        "  - name: NlBsnRecognizer\n    type: predefined\n    supported_languages: [nl]\n"
        "    context: [klantsleutel]\n",
    )
    analyzer = build_analyzer(recognizers_conf=write(tmp_path, "recognizers.yaml", text))
    bsn = next(r for r in analyzer.registry.recognizers if type(r).__name__ == "NlBsnRecognizer")
    assert bsn.context == ["klantsleutel"]


def test_importing_scanners_builds_nothing():
    import importlib
    import sys

    import scanners

    importlib.reload(scanners)
    assert "build_analyzer" in scanners.__all__
    assert sys.modules["scanners.findings"] is not None


# -- custom recognizers from configuration (Presidio's example_recognizers.yaml) --------------

ZAAKNUMMER = r"""
  - name: ZaaknummerRecognizer
    type: custom
    supported_entity: NL_ZAAKNUMMER
    patterns:
      - name: zaaknummer
        regex: '\bZ-\d{4}-\d{6}\b'
        score: 0.6
    context: [zaak, zaaknummer]
"""
PROJECTS = """
  - name: ProjectnamenRecognizer
    type: custom
    lexicon: projecten.yaml
"""
PROJECT_LEXICON = """
entity: NL_PROJECT
source: Gemeente Voorbeeld, afdeling Informatievoorziening
licence: EUPL-1.2
person_required: false
context: [project]
terms: [operatie zonnebloem, project vuurtoren*]
"""


def with_custom(tmp_path: Path, *entries: str) -> Path:
    return write(tmp_path, "recognizers.yaml", RECOGNIZERS_YAML + "".join(entries))


def test_custom_pattern_recognizer_without_code(tmp_path):
    analyzer = build_analyzer(recognizers_conf=with_custom(tmp_path, ZAAKNUMMER))
    text = "Uw zaak Z-2026-000123 is in behandeling"
    results = analyzer.analyze(text, language="nl", entities=["NL_ZAAKNUMMER"])
    assert [text[r.start : r.end] for r in results] == ["Z-2026-000123"]
    assert results[0].score > 0.6  # "zaak" nearby: Presidio's context enhancement applies


def test_custom_term_list_without_code(tmp_path):
    write(tmp_path, "projecten.yaml", PROJECT_LEXICON)
    analyzer = build_analyzer(recognizers_conf=with_custom(tmp_path, PROJECTS))
    text = "Verslag Project Vuurtorenwijk en operatie zonnebloem"
    results = analyzer.analyze(text, language="nl", entities=["NL_PROJECT"])
    assert sorted(text[r.start : r.end] for r in results) == [
        "Project Vuurtorenwijk",
        "operatie zonnebloem",
    ]
    assert "NL_PROJECT" in analyzer.get_supported_entities("nl")


def test_custom_deny_list(tmp_path):
    entry = (
        "\n  - name: KlantcodeRecognizer\n    type: custom\n    supported_entity: NL_KLANTCODE\n"
        "    deny_list: [KLANT-ALFA, KLANT-BETA]\n"
    )
    analyzer = build_analyzer(recognizers_conf=with_custom(tmp_path, entry))
    results = analyzer.analyze("code KLANT-BETA", language="nl", entities=["NL_KLANTCODE"])
    assert len(results) == 1


def test_disabled_custom_recognizer_is_not_loaded(tmp_path):
    entry = ZAAKNUMMER.replace("type: custom", "type: custom\n    enabled: false")
    analyzer = build_analyzer(recognizers_conf=with_custom(tmp_path, entry))
    assert "NL_ZAAKNUMMER" not in analyzer.get_supported_entities("nl")


def test_disabled_predefined_lexicon_recognizer_is_not_loaded(tmp_path):
    text = RECOGNIZERS_YAML.replace(
        "  - name: NlReligionRecognizer\n    type: predefined\n    supported_languages: [nl]\n"
        "    enabled: true",
        "  - name: NlReligionRecognizer\n    type: predefined\n    supported_languages: [nl]\n"
        "    enabled: false",
    )
    analyzer = build_analyzer(recognizers_conf=write(tmp_path, "recognizers.yaml", text))
    assert "SPECIAL_RELIGION" not in analyzer.get_supported_entities("nl")
    assert "SPECIAL_HEALTH" in analyzer.get_supported_entities("nl")


@pytest.mark.parametrize(
    "entry, message",
    [
        (ZAAKNUMMER.replace("regex: '", "regex: '("), "entry 'ZaaknummerRecognizer'.*regex"),
        (ZAAKNUMMER.replace("score: 0.6", "score: 6"), "entry 'ZaaknummerRecognizer'.*score"),
        (
            ZAAKNUMMER.replace("    supported_entity: NL_ZAAKNUMMER\n", ""),
            "entry 'ZaaknummerRecognizer'.*supported_entity",
        ),
        (ZAAKNUMMER.replace("context:", "contxt:"), "entry 'ZaaknummerRecognizer'.*contxt"),
        (
            ZAAKNUMMER + PROJECTS.replace("ProjectnamenRecognizer", "ZaaknummerRecognizer"),
            "more than once",
        ),
        (ZAAKNUMMER.replace("ZaaknummerRecognizer", "NlBsnRecognizer"), "more than once"),
        (PROJECTS.replace("ProjectnamenRecognizer", "NlPersonRecognizer"), "more than once"),
        (PROJECTS, "entry 'ProjectnamenRecognizer'.*cannot read lexicon"),
        (PROJECTS + "    patterns: [{name: a, regex: a, score: 0.5}]\n", "either"),
    ],
)
def test_broken_custom_entry_names_the_entry(tmp_path, entry, message):
    with pytest.raises(AnalyzerConfigError, match=f"(?s){message}"):
        build_analyzer(recognizers_conf=with_custom(tmp_path, entry))


def test_broken_custom_lexicon_names_entry_and_file(tmp_path):
    write(tmp_path, "projecten.yaml", PROJECT_LEXICON.replace("EUPL-1.2", "GPL-3.0"))
    with pytest.raises(AnalyzerConfigError, match=r"(?s)ProjectnamenRecognizer.*projecten\.yaml"):
        build_analyzer(recognizers_conf=with_custom(tmp_path, PROJECTS))


def test_custom_name_that_clashes_with_a_predefined_one_is_an_error(tmp_path):
    text = RECOGNIZERS_YAML.replace(
        "  - name: NlReligionRecognizer\n    type: predefined\n",
        "  - name: NlReligionRecognizer\n    type: custom\n    lexicon: r.yaml\n",
    )
    write(tmp_path, "r.yaml", PROJECT_LEXICON)
    with pytest.raises(AnalyzerConfigError, match="predefined"):
        build_analyzer(recognizers_conf=write(tmp_path, "recognizers.yaml", text))


def test_presidio_logs_no_line_per_analysis_unless_the_application_asks(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Presidio logs every analyze call at INFO: a line per document in a scan's log, and
    a record a worker process sends its parent. Its DEBUG records quote the text."""
    import logging

    presidio = logging.getLogger("presidio-analyzer")
    saved = presidio.level
    try:
        caplog.set_level(logging.DEBUG)  # the application logs everything of its own
        presidio.setLevel(logging.NOTSET)
        analyzer = build_analyzer()
        analyzer.analyze(text="Bel mij op 06-12345678.", language="nl")
        assert not [r for r in caplog.records if r.name == "presidio-analyzer"]
        presidio.setLevel(logging.DEBUG)  # asked for: INFO comes through, DEBUG never
        analyzer = build_analyzer()
        caplog.clear()
        analyzer.analyze(text="Bel mij op 06-12345678.", language="nl")
        levels = {r.levelno for r in caplog.records if r.name == "presidio-analyzer"}
        assert levels == {logging.INFO}
    finally:
        presidio.setLevel(saved)
