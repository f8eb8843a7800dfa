import dataclasses
import subprocess
import sys

import pytest

from skabsammen.plainlanguage import Assessment, Flag, assess


def test_assess_counts_and_flags_a_reply():
    text = "Såfremt I ønsker det, afholdes mødet kl. 19.00. Tilmelding bedes sendt til os."
    assert assess(text) == Assessment(
        lix=round(13 / 2 + 100 * 3 / 13, 1),
        words=13,
        sentences=2,
        long_words=3,
        flagged=[Flag("Såfremt", "hvis", 0, 7), Flag("bedes", "vil du ...", 59, 64)],
    )


def test_lix_is_rounded_to_one_decimal():
    assert assess("Kom i kulturhuset. Tag kaffemaskine med.").lix == 36.3


def test_empty_text():
    assert assess("") == Assessment(lix=0.0, words=0, sentences=0, long_words=0, flagged=[])


def test_assessment_and_flag_are_frozen():
    result = assess("Hermed svar.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.lix = 1.0
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.flagged[0].phrase = "her"


def test_package_does_not_import_django():
    code = (
        "import sys, skabsammen.plainlanguage as p; p.assess('Hej.'); "
        "print(any(name.split('.')[0] == 'django' for name in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
