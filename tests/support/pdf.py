"""Reading PDFs in tests: their text, the embedded Factur-X XML and the XMP metadata."""
import io

from pypdf import PdfReader


def read(content: bytes) -> PdfReader:
    assert content.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(content))


def pdf_text(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


TOTALS = "{*}SupplyChainTradeTransaction/{*}ApplicableHeaderTradeSettlement/" \
         "{*}SpecifiedTradeSettlementHeaderMonetarySummation/{*}"


def embedded_xml(content: bytes) -> bytes | None:
    attachments = PdfReader(io.BytesIO(content)).attachments
    return attachments["factur-x.xml"][0] if "factur-x.xml" in attachments else None


def xmp(content: bytes) -> bytes:
    reader = PdfReader(io.BytesIO(content))
    return reader.trailer["/Root"]["/Metadata"].get_object().get_data()
