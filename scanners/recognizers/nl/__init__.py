"""Dutch recognizers, one class a file, in Presidio's country-recognizer style.

Adding one: a class here, one export line, one entry in `scanners/conf/recognizers.yaml`, one
test file `tests/test_nl_<x>_recognizer.py`.
"""

from scanners.recognizers.nl.nl_a_number_recognizer import NlANumberRecognizer
from scanners.recognizers.nl.nl_address_recognizer import NlAddressRecognizer
from scanners.recognizers.nl.nl_biometric_recognizer import NlBiometricRecognizer
from scanners.recognizers.nl.nl_bsn_recognizer import NlBsnRecognizer, is_valid_bsn
from scanners.recognizers.nl.nl_credit_card_recognizer import NlCreditCardRecognizer
from scanners.recognizers.nl.nl_criminal_data_recognizer import NlCriminalDataRecognizer
from scanners.recognizers.nl.nl_date_of_birth_recognizer import NlDateOfBirthRecognizer
from scanners.recognizers.nl.nl_driver_license_recognizer import NlDriverLicenseRecognizer
from scanners.recognizers.nl.nl_email_recognizer import NlEmailRecognizer, offline_tld_extractor
from scanners.recognizers.nl.nl_ethnicity_recognizer import NlEthnicityRecognizer
from scanners.recognizers.nl.nl_financial_situation_recognizer import (
    NlFinancialSituationRecognizer,
)
from scanners.recognizers.nl.nl_genetic_recognizer import NlGeneticRecognizer
from scanners.recognizers.nl.nl_health_recognizer import NlHealthRecognizer
from scanners.recognizers.nl.nl_iban_recognizer import NlIbanRecognizer
from scanners.recognizers.nl.nl_id_document_recognizer import NlIdDocumentRecognizer
from scanners.recognizers.nl.nl_ip_address_recognizer import NlIpAddressRecognizer
from scanners.recognizers.nl.nl_license_plate_recognizer import NlLicensePlateRecognizer
from scanners.recognizers.nl.nl_person_recognizer import NlPersonRecognizer
from scanners.recognizers.nl.nl_phone_recognizer import NlPhoneRecognizer
from scanners.recognizers.nl.nl_political_recognizer import NlPoliticalRecognizer
from scanners.recognizers.nl.nl_postcode_recognizer import NlPostcodeRecognizer
from scanners.recognizers.nl.nl_religion_recognizer import NlReligionRecognizer
from scanners.recognizers.nl.nl_sexual_orientation_recognizer import NlSexualOrientationRecognizer
from scanners.recognizers.nl.nl_trade_union_recognizer import NlTradeUnionRecognizer

__all__ = [
    "NlANumberRecognizer",
    "NlAddressRecognizer",
    "NlBiometricRecognizer",
    "NlBsnRecognizer",
    "NlCreditCardRecognizer",
    "NlCriminalDataRecognizer",
    "NlDateOfBirthRecognizer",
    "NlDriverLicenseRecognizer",
    "NlEmailRecognizer",
    "NlEthnicityRecognizer",
    "NlFinancialSituationRecognizer",
    "NlGeneticRecognizer",
    "NlHealthRecognizer",
    "NlIbanRecognizer",
    "NlIdDocumentRecognizer",
    "NlIpAddressRecognizer",
    "NlLicensePlateRecognizer",
    "NlPersonRecognizer",
    "NlPhoneRecognizer",
    "NlPoliticalRecognizer",
    "NlPostcodeRecognizer",
    "NlReligionRecognizer",
    "NlSexualOrientationRecognizer",
    "NlTradeUnionRecognizer",
    "is_valid_bsn",
    "offline_tld_extractor",
]
