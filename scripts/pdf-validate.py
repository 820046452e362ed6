#!/usr/bin/env python3
"""Validates Koers's PDFs with page-validation, a checker that is not ours:
FINAL reports (PDF/A marked) against PDF/A-3a and PDF/UA-1, DRAFT reports
against PDF/UA-1 (a draft is read by the approvers, some with screen
readers). Prints each failure with its rule and exits 1 when there is one.

One exception, checked byte by byte and never assumed: page-validation's
PDFA3A-STREAM-LENGTH-001 on a Flate stream whose compressed data happens to
end in a CR (0x0D). Its /Length is exact, and the byte after the data is the
LF alone before `endstream`: that LF is the EOL marker ISO 32000-1 7.3.8.1
and ISO 19005-2 6.1.7.1 ask for, and the CR is data. The validator reads the
CR and LF together as a CRLF marker and counts one byte less. Such a
failure is reported as a note with the bytes; any other stays a failure.

  python3 scripts/pdf-validate.py FILE.pdf ...
"""
import re
import sys

import page

STREAM_LENGTH = "PDFA3A-STREAM-LENGTH-001"


def data_ends_in_cr(data, number, generation):
    """Whether object `number` is a stream whose /Length is exact and whose
    data's last byte is a CR followed by LF and `endstream`."""
    header = re.search(rb"(?:^|[\r\n])%d %d obj\b" % (number, generation), data)
    if not header:
        return None
    length = re.search(rb"/Length (\d+)(?![\d ]* R)", data[header.end():header.end() + 1024])
    keyword = data.find(b"stream", header.end())
    if not length or keyword < 0:
        return None
    start = keyword + len(b"stream")
    start += 2 if data[start:start + 2] == b"\r\n" else 1
    end = start + int(length.group(1))
    if data[end - 1:end] == b"\r" and data[end:end + 10] == b"\nendstream":
        return data[end - 4:end + 10]
    return None


failures = 0
for path in sys.argv[1:]:
    data = open(path, "rb").read()
    final = b"<pdfaid:part>" in data
    profiles = [page.ValidationProfile.PDF_A_3A, page.ValidationProfile.PDF_UA_1] if final \
        else [page.ValidationProfile.PDF_UA_1]
    for profile in profiles:
        report = page.validate_pdf(path, profile=profile)
        real = []
        for failure in report.failures:
            object_id = getattr(failure, "object_id", None)
            tail = None
            if failure.rule_id == STREAM_LENGTH and object_id is not None:
                tail = data_ends_in_cr(data, object_id.number, object_id.generation) \
                    if hasattr(object_id, "number") else None
                if tail is None:
                    match = re.match(r"PdfObjectId\((\d+), (\d+)\)", repr(object_id))
                    if match:
                        tail = data_ends_in_cr(data, int(match.group(1)), int(match.group(2)))
            if tail is not None:
                print(f"note: {path}: {STREAM_LENGTH} on {object_id!r} is the validator's: "
                      f"the data ends in CR, its /Length is exact (bytes at the end: {tail!r})")
            else:
                real.append(failure)
        if real:
            failures += 1
            print(f"{path}: not {profile}:")
            for failure in real[:10]:
                print(f"  {failure}")
print(f"pdf validation: {len(sys.argv) - 1} PDF(s), {failures} failed profile(s)")
sys.exit(1 if failures else 0)
