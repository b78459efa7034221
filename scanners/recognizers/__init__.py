"""Recognizers for Dutch data, in Presidio's country-recognizer style (see `recognizers.nl`)."""
