#!/usr/bin/env python3
"""Makes the .xls and .ods fixtures in tests/fixtures/office/ the way units
make them: a workbook written with openpyxl (as Excel would save it), then
opened and saved by LibreOffice as .ods and as Excel 97-2003 .xls.

Needs: pip install openpyxl; apt-get install libreoffice-calc-nogui.
The files are committed, so `cargo test` does not need either tool; run this
only to change them, and update tests/suite/office.rs to match.
"""
import datetime
import pathlib
import subprocess
import tempfile

import openpyxl

OUT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "office"

HEADER = ["Code actie", "Doelstelling", "Titel", "Titre", "Directie", "Status",
          "Voortgang (%)", "Budget gepland (€)", "Budget besteed (€)", "Einddatum"]


def book(rows, path):
    wb = openpyxl.Workbook()
    info = wb.active
    info.title = "Instructies"
    info["A1"] = "Vul het blad 'Acties 2023' in. Eén rij per actie."
    sheet = wb.create_sheet("Acties 2023")
    sheet.append(["Operationeel plan 2023 — Eerste directie"])
    sheet.append([])
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for r in range(4, 4 + len(rows)):
        sheet.cell(row=r, column=7).number_format = "0%"
        sheet.cell(row=r, column=8).number_format = "#,##0.00 [$€-813]"
        sheet.cell(row=r, column=10).number_format = "DD/MM/YYYY"
    wb.save(path)


def convert(xlsx, fmt, out):
    subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir",
                    str(out), str(xlsx)], check=True, capture_output=True)


def main():
    due = datetime.date(2023, 12, 31)
    good = [
        ["A-1", "O1", "Loket online", "Guichet en ligne", "U1", "lopend", 0.45, 1234.5, 600, due],
        ["A-2", "O1", "Formulieren", "Formulaires", "U1", "afgerond", 1, 20000, 19999.99, due],
        ["A-3", "O1", "Wachtrij", "File d'attente", "U1", "niet gestart", 0, 0, 0, due],
        [None, None, "Totaal", None, None, None, None, 21234.5, 20599.99, None],
    ]
    bad = [
        ["A-1", "O1", "Loket online", "Guichet en ligne", "U1", "lopend", 1.2, 1000, 10, due],
        ["A-2", "O1", "Formulieren", "Formulaires", "U1", "lopend", "=NA()", 1000, 10, due],
    ]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = pathlib.Path(tmp)
        for name, rows in [("good", good), ("bad", bad)]:
            xlsx = tmp / f"{name}.xlsx"
            book(rows, xlsx)
            for fmt in ["ods", "xls"]:
                convert(xlsx, fmt, OUT)


if __name__ == "__main__":
    main()
