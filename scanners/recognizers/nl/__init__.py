"""Dutch recognizers, one class a file, in Presidio's country-recognizer style.

Adding one: a class here, one export line, one entry in `scanners/conf/recognizers.yaml`, one
test file `tests/test_nl_<x>_recognizer.py`.
"""

from scanners.recognizers.nl.nl_bsn_recognizer import NlBsnRecognizer, is_valid_bsn
from scanners.recognizers.nl.nl_criminal_data_recognizer import NlCriminalDataRecognizer
from scanners.recognizers.nl.nl_date_of_birth_recognizer import NlDateOfBirthRecognizer
from scanners.recognizers.nl.nl_email_recognizer import NlEmailRecognizer, offline_tld_extractor
from scanners.recognizers.nl.nl_financial_situation_recognizer import (
    NlFinancialSituationRecognizer,
)
from scanners.recognizers.nl.nl_health_recognizer import NlHealthRecognizer
from scanners.recognizers.nl.nl_iban_recognizer import NlIbanRecognizer
from scanners.recognizers.nl.nl_person_recognizer import NlPersonRecognizer
from scanners.recognizers.nl.nl_phone_recognizer import NlPhoneRecognizer
from scanners.recognizers.nl.nl_postcode_recognizer import NlPostcodeRecognizer
from scanners.recognizers.nl.nl_religion_recognizer import NlReligionRecognizer

__all__ = [
    "NlBsnRecognizer",
    "NlCriminalDataRecognizer",
    "NlDateOfBirthRecognizer",
    "NlEmailRecognizer",
    "NlFinancialSituationRecognizer",
    "NlHealthRecognizer",
    "NlIbanRecognizer",
    "NlPersonRecognizer",
    "NlPhoneRecognizer",
    "NlPostcodeRecognizer",
    "NlReligionRecognizer",
    "is_valid_bsn",
    "offline_tld_extractor",
]
