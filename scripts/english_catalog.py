"""English is the language the code is written in: its catalog says each text as it is
(`make catalogs` runs this after updating the catalogs)."""
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PATH = Path(__file__).resolve().parents[1] / "translations" / "en" / "LC_MESSAGES" / "messages.po"


def main() -> None:
    with open(PATH, "rb") as po:
        catalog = read_po(po, locale="en")
    for message in catalog:
        if message.id:
            message.string = message.id if isinstance(message.id, str) else tuple(message.id)
            message.flags.discard("fuzzy")
    with open(PATH, "wb") as po:
        write_po(po, catalog, width=120, omit_header=False)


if __name__ == "__main__":
    main()
