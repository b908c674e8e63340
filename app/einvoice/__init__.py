"""E-invoices (DESIGN §14): a plain description of a document (:mod:`.document`), its figures
from the money module's totals (:mod:`.figures`), the XML builders (CII for Factur-X and
XRechnung in :mod:`.cii`, UBL 2.1 / Peppol BIS Billing 3.0 in :mod:`.ubl`), what a document
lacks for them (:mod:`.readiness`) and the offline schema and schematron checks
(:mod:`.validation`), and a priced document described as both (:mod:`.description`). Pure: it
reads no database model and imports no service; :mod:`app.services.einvoices` hands it what it needs."""
