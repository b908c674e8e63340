"""The catalogs are complete (DESIGN §17): every message the code and templates mark is in
every language's catalog, translated, not fuzzy, with the same placeholders, and the compiled
catalogs the app reads are those of the .po files in git."""
from pathlib import Path

import pytest
from babel.messages.checkers import python_format
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from app.i18n import LANGUAGES

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}  # as `make catalogs` extracts


def _extracted() -> set[str]:
    with open(ROOT / "babel.cfg", encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config)
    found = set()
    for filename, _line, message, _comments, _context in extract_from_dir(
            str(ROOT), method_map, options_map, keywords=KEYWORDS,
            directory_filter=lambda path: Path(path).name not in {".venv", "node_modules", ".git", "tests"}):
        found.add(message if isinstance(message, str) else message[0])
    return found


@pytest.fixture(scope="module")
def extracted() -> set[str]:
    return _extracted()


def catalog(language: str):
    with open(ROOT / "translations" / language / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=language)


def test_extraction_finds_the_texts_of_every_door(extracted):
    """The extraction itself works: a word of each door is among what it finds."""
    for message in ("Invoice %(number)s from %(company)s", "PAID"):
        assert message in extracted


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_marked_text_is_translated(language, extracted):
    po = catalog(language)
    ids = {message.id if isinstance(message.id, str) else message.id[0] for message in po if message.id}
    missing = sorted(extracted - ids)
    assert not missing, f"{len(missing)} texts missing from {language} (run `make catalogs`): {missing[:10]}"
    untranslated = [message.id for message in po if message.id and not message.string]
    assert not untranslated, f"untranslated in {language}: {untranslated[:10]}"
    fuzzy = [message.id for message in po if message.id and message.fuzzy]
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:10]}"
    unused = [message.id for message in po if message.id
              and (message.id if isinstance(message.id, str) else message.id[0]) not in extracted]
    assert not unused, f"{language} keeps texts nothing uses any more (run `make catalogs`): {unused[:10]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders(language):
    problems = []
    for message in catalog(language):
        if message.id and message.string and message.python_format:
            try:
                python_format(None, message)
            except Exception as error:  # babel's TranslationError
                problems.append(f"{message.id!r}: {error}")
    assert not problems, problems[:10]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_compiled_catalog_is_the_one_in_git(language):
    """`make` compiles each .po when it changes; a stale .mo would show yesterday's words."""
    folder = ROOT / "translations" / language / "LC_MESSAGES"
    with open(folder / "messages.mo", "rb") as mo:
        compiled = {_plain(message.id): _plain(message.string) for message in read_mo(mo) if message.id}
    written = {_plain(message.id): _plain(message.string) for message in catalog(language)
               if message.id and not message.fuzzy and message.string}
    assert compiled == written


def _plain(string):
    return string if isinstance(string, str) else tuple(string)
