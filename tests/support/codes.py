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


def image_codes(src: str, width: str = "120mm") -> list[str]:
    """The QR codes an image (a ``data:`` URI, as the public page shows it) holds: the image is
    laid on a page by WeasyPrint, which reads ``data:`` URIs itself, and the page decoded."""
    from weasyprint import HTML

    page = f'<style>@page {{ size: A4; margin: 10mm }}</style><img src="{src}" style="width: {width}">'
    return [text for _index, text in qr_codes(HTML(string=page).write_pdf())]
