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
        (RECOGNIZERS_YAML.replace("type: predefined", "type: custom", 1), "type"),
    ],
)
def test_broken_recognizers_config_is_an_error(tmp_path, text, message):
    with pytest.raises(AnalyzerConfigError, match=message):
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
