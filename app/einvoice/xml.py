"""A small helper to write elements in order with lxml: ``sub(parent, "ram:Name", text)``.

Every text and attribute enters lxml here, cleaned of what XML cannot carry (control
characters): text stored before the input rule of :mod:`app.characters` still renders."""
from __future__ import annotations

from lxml import etree

from app.characters import clean


class Writer:
    def __init__(self, namespaces: dict[str, str]):
        self.namespaces = namespaces

    def qname(self, name: str) -> str:
        prefix, local = name.split(":")
        return f"{{{self.namespaces[prefix]}}}{local}"

    def root(self, name: str, nsmap: dict | None = None) -> etree._Element:
        return etree.Element(self.qname(name), nsmap=nsmap or self.namespaces)

    def sub(self, parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, self.qname(name), {key: clean(value) for key, value in attributes.items()})
        if text is not None:
            element.text = clean(text)
        return element

    def optional(self, parent: etree._Element, name: str, text: str | None, **attributes: str) -> None:
        """The element only when it has text."""
        if text:
            self.sub(parent, name, text, **attributes)

    def optionals(self, parent: etree._Element, source, names: dict[str, str]) -> None:
        """:meth:`optional` elements in order, each ``name: attribute`` of ``source``."""
        for name, attribute in names.items():
            self.optional(parent, name, getattr(source, attribute))


def serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
