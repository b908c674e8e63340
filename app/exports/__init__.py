"""Export (DESIGN §19): a company's invoices, credit notes, payments and refunds of a date range
as CSV, XLSX or a DATEV Buchungsstapel, streamed. ``rows`` reads the rows, ``cells`` writes
amounts and neutralises text, ``csv_file``, ``xlsx_file`` and ``datev`` write the files, and
``service`` checks a request and picks the writer; ``api``, ``views`` and ``forms`` are its doors.
The import half of §19 will sit beside it."""
