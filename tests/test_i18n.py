"""Every addon ships its template and a Chinese catalogue that translates all of it."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(path.parent.name for path in ROOT.glob("addons/*/__manifest__.py"))


def _has_terms(addon):
    pot = ROOT / "addons" / addon / "i18n" / f"{addon}.pot"
    return not pot.exists() or any(entry.msgid for entry in polib.pofile(str(pot)))


@pytest.mark.parametrize("addon", ADDONS)
def test_addon_has_template_and_chinese_catalogue(addon):
    i18n = ROOT / "addons" / addon / "i18n"
    assert (i18n / f"{addon}.pot").exists(), f"run scripts/i18n: {addon} has no {addon}.pot"
    if _has_terms(addon):
        assert (i18n / "zh_CN.po").exists(), f"run scripts/i18n: {addon} has no zh_CN.po"


@pytest.mark.parametrize("addon", ADDONS)
def test_chinese_catalogue_translates_every_term_of_the_template(addon):
    i18n = ROOT / "addons" / addon / "i18n"
    pot_path, po_path = i18n / f"{addon}.pot", i18n / "zh_CN.po"
    if not pot_path.exists() or not po_path.exists():
        pytest.skip("no catalogue (see the test above)")
    translated = {
        (entry.msgctxt, entry.msgid)
        for entry in polib.pofile(str(po_path))
        if entry.msgstr and "fuzzy" not in entry.flags and not entry.obsolete
    }
    missing = [
        entry.msgid
        for entry in polib.pofile(str(pot_path))
        if entry.msgid and (entry.msgctxt, entry.msgid) not in translated
    ]
    assert not missing, f"{addon}/i18n/zh_CN.po lacks {len(missing)} terms, e.g. {missing[:5]}"
