"""Electronic addresses (DESIGN §15): a Peppol participant id is ``scheme:identifier``, the
scheme a code of the EAS list as Peppol accepts it (its code list CL008: the CEN list of
BR-CL-25 without ``EM``, the e-mail scheme no access point routes).

Where a party has given none, an id is derived from its VAT id for the countries whose VAT
number the list has a scheme for (``9930:DE123456789``). Pure: no database, no Flask."""
from __future__ import annotations

import re

from stdnum.be import vat as be_vat
from stdnum.exceptions import ValidationError as NumberError

from app.i18n import _

# The EAS code list as Peppol BIS Billing 3.0 checks it (CL008).
EAS_CODES = frozenset("""
0002 0007 0009 0037 0060 0088 0096 0097 0106 0130 0135 0142 0147 0151 0154 0158 0170 0177 0183 0184
0188 0190 0191 0192 0193 0194 0195 0196 0198 0199 0200 0201 0202 0203 0204 0205 0208 0209 0210 0211
0212 0213 0215 0216 0217 0218 0219 0220 0221 0225 0230 0235 0240 0242 0244 0245 0246 0248
9910 9913 9914 9915 9918 9919 9920 9922 9923 9924 9925 9926 9927 9928 9929 9930 9931 9932 9933 9934
9935 9936 9937 9938 9939 9940 9941 9942 9943 9944 9945 9946 9947 9948 9949 9950 9951 9952 9953 9957
9959 AN AQ AS AU
""".split())
# The schemes whose identifier is a country's VAT number, by ISO 3166 country.
VAT_SCHEMES = {
    "HU": "9910", "AT": "9914", "ES": "9920", "AD": "9922", "AL": "9923", "BA": "9924", "BE": "9925",
    "BG": "9926", "CH": "9927", "CY": "9928", "CZ": "9929", "DE": "9930", "EE": "9931", "GB": "9932",
    "GR": "9933", "HR": "9934", "IE": "9935", "LI": "9936", "LT": "9937", "LU": "9938", "LV": "9939",
    "MC": "9940", "ME": "9941", "MK": "9942", "MT": "9943", "NL": "9944", "PL": "9945", "PT": "9946",
    "RO": "9947", "RS": "9948", "SI": "9949", "SK": "9950", "SM": "9951", "TR": "9952", "VA": "9953",
    "FR": "9957",
}
VAT_COUNTRY = {scheme: country for country, scheme in VAT_SCHEMES.items()}
BELGIAN_ENTERPRISE = "0208"
IDENTIFIER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._\-/+]{0,79}")


def split(peppol_id: str) -> tuple[str, str]:
    scheme, _colon, identifier = peppol_id.partition(":")
    return scheme, identifier


def problem(value: str) -> str | None:
    """Why ``value`` is not a Peppol participant id, or None when it is one."""
    scheme, identifier = split(value)
    if not identifier:
        return _("Write it as scheme:identifier, e.g. 0208:0123456789 or 9930:DE123456789.")
    if scheme.upper() == "EM":
        return _("The e-mail scheme EM is not a Peppol address; use a scheme of the EAS code list.")
    if scheme not in EAS_CODES:
        return _("'%(scheme)s' is not a scheme of the EAS code list Peppol accepts (e.g. 0208, 9930, 0204).",
                 scheme=scheme)
    if not IDENTIFIER.fullmatch(identifier):
        return _("The identifier takes letters, digits and . _ - / + (no spaces), up to 80 characters.")
    return _identifier_problem(scheme, identifier)


def _identifier_problem(scheme: str, identifier: str) -> str | None:
    """The check digits Peppol itself checks: the Belgian enterprise number's (PEPPOL-COMMON-R043).
    A VAT scheme's identifier starts with its country's prefix; other identifiers are not checked
    further (whether they are registered is the Peppol directory's to say, not ours)."""
    if scheme == BELGIAN_ENTERPRISE:
        try:
            be_vat.validate(identifier)
        except NumberError as error:
            return _("'%(id)s' is not a Belgian enterprise number: %(reason)s", id=identifier,
                     reason=error.message)
    elif scheme in VAT_COUNTRY:
        prefix = "EL" if VAT_COUNTRY[scheme] == "GR" else VAT_COUNTRY[scheme]
        if not identifier.upper().startswith(prefix):
            return _("Scheme %(scheme)s takes a %(country)s VAT number, which starts with %(prefix)s.",
                     scheme=scheme, country=VAT_COUNTRY[scheme], prefix=prefix)
    return None


def normalized(value: str) -> str:
    """``value`` as stored: the scheme's letters in upper case, no spaces around the colon."""
    scheme, identifier = split(value.strip())
    return f"{scheme.strip().upper()}:{identifier.strip()}"


def derived(vat_id: str | None, country: str | None) -> str | None:
    """The participant id a party's VAT id gives, where the list has its country's VAT scheme."""
    if not vat_id:
        return None
    prefix = vat_id[:2].upper()
    country = "GR" if prefix == "EL" else prefix if prefix.isalpha() else (country or "").upper()
    scheme = VAT_SCHEMES.get(country)
    if scheme is None:
        return None
    identifier = vat_id if vat_id[:2].isalpha() else country + vat_id
    return f"{scheme}:{identifier}"


def of_party(peppol_id: str | None, vat_id: str | None, country: str | None) -> str | None:
    """A party's electronic address: the one it gave, else the one its VAT id gives."""
    return peppol_id or derived(vat_id, country)
