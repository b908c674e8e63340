"""Reading the payment codes a PDF prints: each page drawn at ``scale`` (3: 216 dpi) and the QR
codes found on it decoded."""
import pypdfium2
import zxingcpp


def qr_codes(content: bytes, scale: float = 3) -> list[tuple[int, str]]:
    """(page index, text) of every QR code the PDF shows, page by page."""
    found = []
    document = pypdfium2.PdfDocument(content)
    try:
        for index in range(len(document)):
            image = document[index].render(scale=scale).to_pil()
            for barcode in zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode):
                found.append((index, barcode.text))
    finally:
        document.close()
    return found
