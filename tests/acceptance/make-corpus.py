#!/usr/bin/env python3
"""Makes the acceptance corpus: realistic unit workbooks, one folder per case
under tests/acceptance/cases/, each with the files a unit would send and an
expect.toml saying what Koers must make of them.

The workbooks are made the way units make them: with openpyxl as Excel saves
them, and through LibreOffice (`soffice --convert-to`) for .ods, .xls and
formulas with cached results. The corpus is kept apart from the unit tests:
it is not used to tune the reader, only to judge it. Run it with
`cargo test acceptance`; regenerate it (needs openpyxl and
libreoffice-calc-nogui) with `python3 tests/acceptance/make-corpus.py`.
"""
import datetime
import pathlib
import shutil
import subprocess
import tempfile

import openpyxl

CASES = pathlib.Path(__file__).resolve().parent / "cases"
D = datetime.date


def sheet_book(path, header, rows, *, title=None, instructions=None, sheet="Acties 2023",
               percent_col=None, money_cols=(), date_cols=()):
    wb = openpyxl.Workbook()
    first = wb.active
    if instructions:
        first.title = "Instructies"
        first["A1"] = instructions
        ws = wb.create_sheet(sheet)
    else:
        first.title = sheet
        ws = first
    if title:
        ws.append([title])
        ws.append([])
    ws.append(header)
    top = ws.max_row + 1
    for row in rows:
        ws.append(row)
    for r in range(top, ws.max_row + 1):
        if percent_col:
            ws.cell(row=r, column=percent_col).number_format = "0%"
        for c in money_cols:
            ws.cell(row=r, column=c).number_format = '#,##0.00 "€"'
        for c in date_cols:
            ws.cell(row=r, column=c).number_format = "DD/MM/YYYY"
    wb.save(path)


def via_libreoffice(xlsx, fmt, out_dir, name):
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["soffice", "--headless", "--convert-to", fmt, "--outdir", tmp, str(xlsx)],
                       check=True, capture_output=True)
        produced = next(pathlib.Path(tmp).iterdir())
        shutil.move(str(produced), out_dir / name)


def case(name, expect):
    d = CASES / name
    if d.exists():
        shutil.rmtree(d)
    (d / "2023").mkdir(parents=True)
    (d / "expect.toml").write_text(expect)
    return d / "2023"


NL = ["Code actie", "Doelstelling", "Titel", "Titre", "Directie", "Status", "Voortgang (%)",
      "Budget gepland (€)", "Budget besteed (€)", "Einddatum", "Toelichting", "Commentaire"]


def main():
    CASES.mkdir(exist_ok=True)

    # 1. A Dutch unit's Excel workbook with every everyday habit.
    y = case("dvz-excel-habits", '''exit = 0

[[action]]
id = "A-1"
progress = "45"
budget_planned = "125000"
budget_spent = "40250.5"
due = "2024-06-30"
title_nl = "Digitaal dossier"
title_fr = "Dossier numérique"
comment_nl = "Leverancier laat"
comment_fr = "Fournisseur en retard"

[[action]]
id = "A-2"
progress = "100"
budget_planned = "2000"
budget_spent = "1999.99"
due = "2023-11-30"
title_nl = "Wachtrij"
title_fr = "File d'attente"

[[action]]
id = "A-3"
progress = "0"
title_nl = "Kwaliteitsrapport"
title_fr = "Rapport de qualité"
''')
    sheet_book(y / "Acties DVZ 2023.xlsx", NL, [
        ["A-1", "O1", "Digitaal dossier", "Dossier numérique", "U1", "op schema", 0.45, 125000, 40250.5,
         D(2024, 6, 30), "Leverancier laat", "Fournisseur en retard"],
        ["A-2", "O1", "Wachtrij", "File d'attente", "U1", "afgerond", 1, 2000, 1999.99, D(2023, 11, 30), None, None],
        ["A-3", "O1", "Kwaliteitsrapport", "Rapport de qualité", "U1", "niet gestart", 0, None, None, None, None, None],
        [None, None, "Totaal", None, None, None, None, 127000, 42250.49, None, None, None],
    ], title="Operationeel plan 2023 — Eerste directie",
        instructions="Eén rij per actie; voortgang in procent.", percent_col=7, money_cols=(8, 9), date_cols=(10,))

    # 2. A French unit in LibreOffice (.ods): French headers, French first.
    y = case("fr-unit-libreoffice", '''exit = 0

[[action]]
id = "B-1"
progress = "35.5"
budget_planned = "1234.56"
title_nl = "Afsprakenmodule"
title_fr = "Module de rendez-vous"
comment_fr = "Tests en cours"

[[action]]
id = "B-2"
progress = "80"
title_fr = "Script de dédoublonnage"
comment_fr = "Migration reportée"
''')
    with tempfile.TemporaryDirectory() as tmp:
        x = pathlib.Path(tmp) / "b.xlsx"
        sheet_book(x, ["Code action", "Objectif", "Titre", "Titre NL", "Direction", "Statut", "Progression (%)",
                       "Budget prévu (€)", "Commentaire"], [
            ["B-1", "O2", "Module de rendez-vous", "Afsprakenmodule", "U2", "en cours", 0.355, 1234.56, "Tests en cours"],
            ["B-2", "O3", "Script de dédoublonnage", None, "U2", "à risque", 0.8, None, "Migration reportée"],
        ], sheet="Actions 2023", percent_col=7, money_cols=(8,))
        via_libreoffice(x, "ods", y, "actions-U2.ods")

    # 3. Excel 97-2003 (.xls), progress as a formula shown as a percentage.
    y = case("xls-formula-percent", '''exit = 0

[[action]]
id = "C-1"
progress = "25"
title_nl = "Formulieren"
title_fr = "Formulaires"
''')
    with tempfile.TemporaryDirectory() as tmp:
        x = pathlib.Path(tmp) / "c.xlsx"
        wb = openpyxl.Workbook()
        ws = wb.active
        ws.title = "Acties"
        ws.append(["id", "objective", "title", "title_fr", "unit", "status", "progress", "done", "planned"])
        ws.append(["C-1", "O1", "Formulieren", "Formulaires", "U1", "on_track", "=H2/I2", 5, 20])
        ws["G2"].number_format = "0%"
        wb.save(x)
        via_libreoffice(x, "xls", y, "actions-U1.xls")

    # 4. A Belgian Excel CSV export: semicolons, Windows-1252, 1.234,56.
    y = case("belgian-csv-export", '''exit = 0

[[action]]
id = "D-1"
progress = "12.5"
budget_planned = "1234.56"
budget_spent = "1000"
due = "2023-12-31"
title_nl = "Opleiding café-personeel"
title_fr = "Formation du personnel"
''')
    (y / "acties.csv").write_bytes(
        "id;doelstelling;titel;titre;directie;status;voortgang;budget gepland;budget besteed;einddatum\r\n"
        "D-1;O1;Opleiding café-personeel;Formation du personnel;U1;lopend;12,5;1.234,56;1.000;31/12/2023\r\n"
        .encode("cp1252"))

    # 5-9: refused, naming the file and row.
    refusals = [
        ("percent-above-100", "actions-U1.xlsx", 3, [["E-1", "O1", "T", "T", "U1", "op schema", 0.5],
                                                      ["E-2", "O1", "T", "T", "U1", "op schema", 1.2]]),
        ("excel-na-error", "actions-U1.xlsx", 2, [["F-1", "O1", "T", "T", "U1", "op schema", "=NA()"]]),
        ("row-without-id", "actions-U1.xlsx", 3, [["G-1", "O1", "T", "T", "U1", "op schema", 0.5],
                                                   [None, "O1", "Vergeten", "Oublié", "U1", "op schema", 0.3]]),
        ("unknown-status-word", "actions-U1.xlsx", 2, [["H-1", "O1", "T", "T", "U1", "bijna klaar", 0.9]]),
        ("text-in-progress", "actions-U1.xlsx", 2, [["I-1", "O1", "T", "T", "U1", "op schema", "ongeveer de helft"]]),
    ]
    for name, file, row, rows in refusals:
        y = case(name, f'''exit = 1

[[refused]]
file = "{file}"
row = {row}
''')
        with tempfile.TemporaryDirectory() as tmp:
            x = pathlib.Path(tmp) / "r.xlsx"
            sheet_book(x, ["id", "objective", "titel", "titre", "unit", "status", "voortgang"], rows,
                       sheet="Acties", percent_col=7)
            # Saved again by LibreOffice, so formulas carry their results.
            via_libreoffice(x, "xlsx", y, file)

    # 10. The same id in two units' files.
    y = case("id-in-two-files", '''exit = 1

[[refused]]
file = "actions-U2.xlsx"
row = 2
''')
    sheet_book(y / "actions-U1.xlsx", ["id", "objective", "titel", "titre", "unit", "status", "voortgang"],
               [["J-1", "O1", "T", "T", "U1", "op schema", 0.5]], sheet="Acties", percent_col=7)
    sheet_book(y / "actions-U2.xlsx", ["id", "objective", "titel", "titre", "unit", "status", "voortgang"],
               [["J-1", "O2", "T", "T", "U2", "op schema", 0.5]], sheet="Acties", percent_col=7)


if __name__ == "__main__":
    main()
