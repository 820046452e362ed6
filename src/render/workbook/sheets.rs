//! The two sheets a unit fills in, actions and indicators: every column
//! with its header, format, validation and lock, every open cell with its
//! own format (a program writing into the sheet keeps it).

use super::*;

pub(super) fn actions(
    sheet: &mut Worksheet,
    w: &UnitWorkbook,
    objectives_name: &str,
    objectives: usize,
) -> Result<()> {
    let columns = SheetColumn::all(w.lang, &w.framework.plan.languages);
    let head = header_format();
    // The sheet is protected (without a password) so the headers, the ids
    // of the rows sent and last year's comments stay as written; every
    // other cell, and every cell of the rows below, is open.
    let formats = CellFormats {
        open: Format::new().set_unlocked().set_text_wrap(),
        fixed: Format::new().set_background_color("#F2F2F2"),
        read_only: Format::new()
            .set_background_color("#F2F2F2")
            .set_font_color("#595959")
            .set_text_wrap(),
        percent: Format::new().set_num_format("0%").set_unlocked(),
        date: Format::new().set_num_format("dd/mm/yyyy").set_unlocked(),
        money: Format::new().set_num_format("#,##0.00").set_unlocked(),
    };
    let last_row = u32::try_from(w.rows.len())
        .unwrap_or(u32::MAX)
        .saturating_add(NEW_ROWS);
    let list_help = w.catalog.text(w.lang, "sheet-list-help", &[]);
    let progress_help = w.catalog.text(w.lang, "sheet-progress-help", &[]);

    sheet.set_row_height(0, 30)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    for (col, column) in (0u16..).zip(&columns) {
        sheet.write_string_with_format(0, col, column.header(w.lang), &head)?;
        let width = match column {
            SheetColumn::Title(_) | SheetColumn::Comment(_) => 50.0,
            SheetColumn::PreviousComment(_) => 40.0,
            SheetColumn::Progress | SheetColumn::Start | SheetColumn::Due => 14.0,
            SheetColumn::BudgetPlanned | SheetColumn::BudgetSpent => 18.0,
            SheetColumn::Status => 16.0,
            _ => 13.0,
        };
        sheet.set_column_width(col, width)?;
        sheet.set_column_format(col, formats.of(*column))?;
        let validation = match column {
            SheetColumn::Status => {
                let words: Vec<&str> = Status::ALL.iter().map(|s| s.sheet_word(w.lang)).collect();
                Some(DataValidation::new().allow_list_strings(&words)?)
            }
            SheetColumn::Objective => {
                let range = format!(
                    "='{}'!$A$2:$A${}",
                    objectives_name.replace('\'', "''"),
                    objectives + 1
                );
                Some(DataValidation::new().allow_list_formula(Formula::new(range)))
            }
            SheetColumn::Unit => {
                Some(DataValidation::new().allow_list_strings(&[w.unit.id.as_str()])?)
            }
            SheetColumn::Progress => Some(
                DataValidation::new()
                    .allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
                    .set_input_message(&progress_help)?
                    .set_error_message(&progress_help)?,
            ),
            _ => None,
        };
        if let Some(validation) = validation {
            let validation = match column {
                SheetColumn::Progress => validation,
                _ => validation.set_input_message(&list_help)?,
            };
            sheet.add_data_validation(1, col, last_row, col, &validation)?;
        }
    }

    for (row, values) in (1u32..).zip(w.rows) {
        for (col, column) in (0u16..).zip(&columns) {
            write_cell(sheet, row, col, *column, values, w.lang, &formats)?;
        }
    }
    // Every open cell, filled or not, carries its format itself: a column's
    // format is only what Excel gives a cell typed into, while a program
    // that fills the sheet cell by cell (openpyxl, a macro) keeps the
    // cell's own. A progress of 0.6 then stays 60 %, not an ambiguous 0.6.
    let first_new = u32::try_from(w.rows.len())
        .unwrap_or(u32::MAX)
        .saturating_add(1);
    for row in first_new..=last_row {
        for (col, column) in (0u16..).zip(&columns) {
            sheet.write_blank(row, col, formats.of(*column))?;
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        insert_rows: true,
        delete_rows: true,
        sort: true,
        use_autofilter: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The indicators sheet: what each KPI is and its target, locked; its
/// actual value and comment, open.
pub(super) fn indicators(
    sheet: &mut Worksheet,
    lang: Lang,
    languages: &[Lang],
    kpis: &[KpiRow],
) -> Result<()> {
    let columns = KpiColumn::all(lang, languages);
    let head = header_format();
    let open = Format::new().set_unlocked().set_text_wrap();
    let fixed = Format::new()
        .set_background_color("#F2F2F2")
        .set_text_wrap();
    let open_number = Format::new().set_unlocked().set_num_format("#,##0.##");
    let fixed_number = Format::new()
        .set_background_color("#F2F2F2")
        .set_num_format("#,##0.##");
    sheet.set_row_height(0, 30)?;
    sheet.set_landscape();
    sheet.set_print_fit_to_pages(1, 0);
    for (col, column) in (0u16..).zip(&columns) {
        sheet.write_string_with_format(0, col, column.header(lang), &head)?;
        let width = match column {
            KpiColumn::Name(_) | KpiColumn::Comment(_) => 45.0,
            KpiColumn::Measure(_) => 16.0,
            _ => 13.0,
        };
        sheet.set_column_width(col, width)?;
    }
    for (row, kpi) in (1u32..).zip(kpis) {
        for (col, column) in (0u16..).zip(&columns) {
            let format = match column.is_open() {
                true => &open,
                false => &fixed,
            };
            let text = match column {
                KpiColumn::Id => Some(kpi.id.clone()),
                KpiColumn::Objective => Some(kpi.objective.clone()),
                KpiColumn::Name(l) => kpi.names.get(*l).cloned(),
                KpiColumn::Measure(l) => kpi.measures.get(*l).cloned(),
                KpiColumn::Direction => Some(kpi.direction.sheet_word(lang).to_string()),
                KpiColumn::Comment(l) => kpi.comments.get(*l).cloned(),
                _ => None,
            };
            let number = match column {
                KpiColumn::Baseline => kpi.baseline,
                KpiColumn::Target => kpi.target,
                KpiColumn::Actual => kpi.actual,
                _ => None,
            };
            match (text, number.and_then(|n| n.to_f64())) {
                (Some(text), _) => sheet.write_string_with_format(row, col, text, format)?,
                (None, Some(n)) => {
                    let format = match column.is_open() {
                        true => &open_number,
                        false => &fixed_number,
                    };
                    sheet.write_number_with_format(row, col, n, format)?
                }
                (None, None) => sheet.write_blank(row, col, format)?,
            };
        }
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.protect_with_options(&ProtectionOptions {
        format_cells: true,
        format_columns: true,
        format_rows: true,
        ..ProtectionOptions::default()
    });
    Ok(())
}

/// The cell formats of the actions sheet: open to edit or locked.
pub(super) struct CellFormats {
    open: Format,
    /// The id and unit of a row sent: what the row is stays as written.
    fixed: Format,
    /// Last year's comment, shown for reading.
    read_only: Format,
    percent: Format,
    date: Format,
    money: Format,
}

impl CellFormats {
    /// The format of an open cell of `column` (the id and unit of a row
    /// sent are `fixed` instead).
    fn of(&self, column: SheetColumn) -> &Format {
        match column {
            SheetColumn::PreviousComment(_) => &self.read_only,
            SheetColumn::Progress => &self.percent,
            SheetColumn::Start | SheetColumn::Due => &self.date,
            SheetColumn::BudgetPlanned | SheetColumn::BudgetSpent => &self.money,
            _ => &self.open,
        }
    }
}

pub(super) fn write_cell(
    sheet: &mut Worksheet,
    row: u32,
    col: u16,
    column: SheetColumn,
    values: &SheetRow,
    lang: Lang,
    formats: &CellFormats,
) -> Result<()> {
    let CellFormats {
        percent,
        date,
        money,
        ..
    } = formats;
    let text = |t: &str| (!t.is_empty()).then(|| t.to_string());
    let string = match column {
        SheetColumn::Id => text(&values.id).map(|t| (t, &formats.fixed)),
        SheetColumn::Objective => text(&values.objective).map(|t| (t, &formats.open)),
        SheetColumn::Title(l) => values
            .titles
            .get(l)
            .and_then(|t| text(t))
            .map(|t| (t, &formats.open)),
        SheetColumn::Unit => text(&values.unit).map(|t| (t, &formats.fixed)),
        SheetColumn::Status => values
            .status
            .map(|s| (s.sheet_word(lang).to_string(), &formats.open)),
        SheetColumn::Comment(l) => values
            .comments
            .get(l)
            .and_then(|t| text(t))
            .map(|t| (t, &formats.open)),
        SheetColumn::PreviousComment(l) => values
            .previous_comments
            .get(l)
            .and_then(|t| text(t))
            .map(|t| (t, &formats.read_only)),
        _ => None,
    };
    if let Some((string, format)) = string {
        sheet.write_string_with_format(row, col, string, format)?;
        return Ok(());
    }
    let number = |d: Option<Decimal>| d.and_then(|d| d.to_f64());
    match column {
        SheetColumn::Progress => {
            match number(values.progress.map(|p| p / Decimal::ONE_HUNDRED)) {
                Some(p) => sheet.write_number_with_format(row, col, p, percent)?,
                None => sheet.write_blank(row, col, percent)?,
            };
        }
        SheetColumn::BudgetPlanned | SheetColumn::BudgetSpent => {
            let amount = match column {
                SheetColumn::BudgetPlanned => values.budget_planned,
                _ => values.budget_spent,
            };
            match number(amount) {
                Some(amount) => sheet.write_number_with_format(row, col, amount, money)?,
                None => sheet.write_blank(row, col, money)?,
            };
        }
        SheetColumn::Start | SheetColumn::Due => {
            let day = match column {
                SheetColumn::Start => values.start,
                _ => values.due,
            };
            if let Some(day) = day {
                let value = ExcelDateTime::from_ymd(
                    u16::try_from(day.year()).unwrap_or(1900),
                    day.month() as u8,
                    day.day() as u8,
                )?;
                sheet.write_datetime_with_format(row, col, &value, date)?;
            } else {
                sheet.write_blank(row, col, date)?;
            }
        }
        _ => {
            sheet.write_blank(row, col, formats.of(column))?;
        }
    }
    Ok(())
}
