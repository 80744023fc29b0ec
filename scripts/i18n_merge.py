"""Merge a module's exported .pot into its i18n/zh_CN.po.

Usage: i18n_merge.py TEMPLATE.pot ADDON_DIR [TRANSLATIONS.py]

Keeps every existing translation, adds new terms from the template (filled from the
optional TRANSLATIONS.py, a module with a dict ``T`` keyed by whitespace-normalised
msgid), drops terms that are Chinese already (demo data) and obsolete ones, and
prints the msgids still untranslated. Export the template from a database without
demo data: ``odoo-bin i18n export -d DB -o /tmp/x.pot MODULE``.
"""

import runpy
import sys
from pathlib import Path

import polib


def norm(text):
    return " ".join(text.split())


def is_chinese(text):
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def main(template, addon_dir, translations=None):
    table = runpy.run_path(translations)["T"] if translations else {}
    pot = polib.pofile(template)
    target = Path(addon_dir) / "i18n" / "zh_CN.po"
    known = {}
    if target.exists():
        known = {norm(e.msgid): e.msgstr for e in polib.pofile(str(target)) if e.msgstr}
    po = polib.POFile(wrapwidth=78)
    po.metadata = dict(pot.metadata)
    po.metadata.update(
        {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8", "Plural-Forms": ""}
    )
    missing = []
    for entry in pot:
        if is_chinese(entry.msgid):
            continue
        key = norm(entry.msgid)
        entry.msgstr = known.get(key) or table.get(key, "")
        if not entry.msgstr:
            missing.append(entry.msgid)
        po.append(entry)
    target.parent.mkdir(exist_ok=True)
    po.save(str(target))
    for msgid in missing:
        sys.stdout.write(f"untranslated: {msgid!r}\n")
    sys.stdout.write(f"{target}: {len(po)} terms, {len(missing)} untranslated\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
