"""Every string on a screen has its English translation: after ``makemessages`` the English
catalogue has no untranslated and no fuzzy entry, the compiled catalogue shipped is the same
as its source, and templates hold no Vietnamese outside the translation tags (official
documents, printed in Vietnamese by law, excepted)."""

import re
import shutil
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PACKAGE = Path(settings.BASE_DIR) / "motcua"
LOCALE = PACKAGE / "locale"
VIETNAMESE = re.compile(
    r"[ăâđêôơưĂÂĐÊÔƠƯáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ"
    r"ÁÀẢÃẠẤẦẨẪẬẮẰẲẴẶÉÈẺẼẸẾỀỂỄỆÍÌỈĨỊÓÒỎÕỌỐỒỔỖỘỚỜỞỠỢÚÙỦŨỤỨỪỬỮỰÝỲỶỸỴ]"
)
TEMPLATE_TAGS = re.compile(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}|{%.*?%}|{{.*?}}|{#.*?#}|<!--.*?-->", re.S)
# Printed in Vietnamese whatever the screen's language: official forms, PDFs, the error page
# that must render without the translation machinery.
VIETNAMESE_ONLY = (
    "documents/templates/documents/forms/",
    "_pdf.html",
    "catalog/blank_form.html",
    "core/base_a4.html",
    "templates/500.html",
)


def test_the_english_catalogue_is_complete_after_makemessages(tmp_path, monkeypatch):
    # Needs GNU gettext (``scripts/install-system-deps.sh test`` installs it). makemessages writes
    # beside the sources: it runs on a copy, never on the repository.
    copy = tmp_path / "motcua"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("static", "fonts", "__pycache__", "*.pyc", "*.mo"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        call_command("makemessages", locale=["en"], no_obsolete=True, verbosity=0)
    po = polib.pofile(str(copy / "locale" / "en" / "LC_MESSAGES" / "django.po"))
    missing = [e.msgid for e in po if not e.obsolete and not e.translated()]
    fuzzy = [e.msgid for e in po if not e.obsolete and "fuzzy" in e.flags]
    assert not missing and not fuzzy, {"untranslated": missing[:20], "fuzzy": fuzzy[:20]}
    assert len(po) > 1000


def test_the_compiled_catalogue_matches_its_source():
    source = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.pofile(str(LOCALE / "en/LC_MESSAGES/django.po"))
        if not e.obsolete
    }
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        for e in polib.mofile(str(LOCALE / "en/LC_MESSAGES/django.mo"))
    }
    assert {k: v for k, v in source.items() if k[1]} == {k: v for k, v in compiled.items() if k[1]}, "run: manage.py compilemessages -l en"


def test_templates_hold_no_vietnamese_outside_translation_tags():
    found = {}
    for path in sorted(PACKAGE.rglob("*.html")):
        if any(part in str(path) for part in VIETNAMESE_ONLY):
            continue
        text = TEMPLATE_TAGS.sub("", path.read_text(encoding="utf-8"))
        lines = [line.strip()[:80] for line in text.splitlines() if VIETNAMESE.search(line)]
        if lines:
            found[str(path.relative_to(PACKAGE))] = lines[:3]
    assert not found
