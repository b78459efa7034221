"""`LastText`: one value per text, kept for the very text object last asked about."""

from __future__ import annotations

from scanners.recognizers.last_text import LastText


def test_the_value_is_kept_for_the_same_text_object_only():
    built: list[str] = []

    def build(text: str) -> int:
        built.append(text)
        return len(built)

    of = LastText(build)
    window = "".join(["Geachte ", "heer"])  # made at run time: a fresh object
    assert of(window) == 1 and of(window) == 1  # the recognizers after the first share it
    equal = "".join(["Geachte ", "heer"])
    assert equal == window and equal is not window
    assert of(equal) == 2  # another window object, though equal, is computed anew
    assert of("anders") == 3 and of(equal) == 4  # only the last text is kept
    assert built == [window, equal, "anders", equal]
