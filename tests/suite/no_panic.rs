//! Bad input never panics: random and mutated bytes fed to every reader.

use std::path::Path;

use koers::core::Lang;
use koers::intake::framework::Framework;
use koers::intake::progress::{parse_date, parse_number, read_actions, read_indicators};
use koers::intake::table::{NumberStyle, WorkbookFormat, read_csv, read_workbook};
use proptest::prelude::*;

const CSV: &[u8] = include_bytes!("../fixtures/small/2023/actions.csv");
const SEMICOLON: &[u8] = include_bytes!("../fixtures/dialects/semicolon-1252-nl/2023/actions.csv");
const XLSX: &[u8] = include_bytes!("../fixtures/dialects/xlsx/2023/actions.xlsx");
const XLS: &[u8] = include_bytes!("../fixtures/office/good.xls");
const ODS: &[u8] = include_bytes!("../fixtures/office/good.ods");
const FRAMEWORK: &str = include_str!("../fixtures/small/framework.toml");

/// Reads bytes as a CSV of both kinds; only a panic can fail this.
fn read_all_csv(bytes: &[u8]) {
    if let Ok(table) = read_csv(bytes, Path::new("fuzz.csv")) {
        let mut diags = Vec::new();
        read_actions(&table, Lang::Nl, &mut diags);
        read_indicators(&table, Lang::Fr, &mut diags);
    }
}

fn read_all_xlsx(bytes: &[u8]) {
    read_all_workbook(bytes, WorkbookFormat::Xlsx);
}

/// The row limit the tests read workbooks within.
const MAX: usize = koers::intake::limits::MAX_ROWS;

fn read_all_workbook(bytes: &[u8], format: WorkbookFormat) {
    if let Ok(tables) = read_workbook(
        bytes,
        Path::new("fuzz.xlsx"),
        format,
        &|cells| koers::intake::progress::FileKind::Actions.header_score(cells),
        MAX,
    ) {
        let mut diags = Vec::new();
        for table in &tables {
            read_actions(table, Lang::Nl, &mut diags);
        }
    }
}

/// A valid file with some bytes overwritten, removed or inserted.
fn mutated(base: &'static [u8]) -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec((any::<prop::sample::Index>(), any::<u8>(), 0u8..3), 1..12).prop_map(
        move |edits| {
            let mut bytes = base.to_vec();
            for (at, byte, kind) in edits {
                if bytes.is_empty() {
                    break;
                }
                let i = at.index(bytes.len());
                match kind {
                    0 => bytes[i] = byte,
                    1 => {
                        bytes.remove(i);
                    }
                    _ => bytes.insert(i, byte),
                }
            }
            bytes
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn csv_reader_survives_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_all_csv(&bytes);
    }

    #[test]
    fn csv_reader_survives_mutated_files(bytes in mutated(CSV)) {
        read_all_csv(&bytes);
    }

    #[test]
    fn csv_reader_survives_mutated_excel_exports(bytes in mutated(SEMICOLON)) {
        read_all_csv(&bytes);
    }

    #[test]
    fn csv_reader_survives_random_text(text in "[a-z0-9;,\t\"\r\n%€.é -]{0,300}") {
        read_all_csv(text.as_bytes());
    }

    #[test]
    fn xlsx_reader_survives_random_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        read_all_xlsx(&bytes);
    }

    #[test]
    fn xlsx_reader_survives_mutated_workbooks(bytes in mutated(XLSX)) {
        read_all_xlsx(&bytes);
    }

    #[test]
    fn xls_reader_survives_mutated_workbooks(bytes in mutated(XLS)) {
        read_all_workbook(&bytes, WorkbookFormat::Xls);
    }

    #[test]
    fn ods_reader_survives_mutated_spreadsheets(bytes in mutated(ODS)) {
        read_all_workbook(&bytes, WorkbookFormat::Ods);
    }

    #[test]
    fn framework_loader_survives_random_text(text in "\\PC{0,400}") {
        let _ = Framework::parse(&text, Path::new("framework.toml"));
    }

    #[test]
    fn framework_loader_survives_mutated_plans(bytes in mutated(FRAMEWORK.as_bytes())) {
        let text = String::from_utf8_lossy(&bytes);
        let _ = Framework::parse(&text, Path::new("framework.toml"));
    }

    #[test]
    fn number_and_date_parsers_survive_anything(text in "\\PC{0,40}") {
        let _ = parse_number(&text, NumberStyle::DecimalComma);
        let _ = parse_number(&text, NumberStyle::DecimalPoint);
        let _ = parse_date(&text);
    }
}

/// The whole pipeline (load, validate, merge) on mutated data in a real
/// inputs folder.
#[test]
fn the_pipeline_survives_mutated_inputs() {
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 48,
        ..ProptestConfig::default()
    });
    let strategy = (mutated(CSV), mutated(FRAMEWORK.as_bytes()), any::<bool>());
    runner
        .run(&strategy, |(actions, framework, keep_framework)| {
            let dir = tempfile::tempdir().expect("temp dir");
            let framework = if keep_framework {
                FRAMEWORK.as_bytes().to_vec()
            } else {
                framework
            };
            std::fs::write(dir.path().join("framework.toml"), framework).expect("write");
            std::fs::create_dir(dir.path().join("2023")).expect("mkdir");
            std::fs::write(dir.path().join("2023/actions.csv"), actions).expect("write");
            let (inputs, diags) = crate::common::load(dir.path());
            if let Some(inputs) = inputs {
                for year in &inputs.years {
                    for scope in koers::report::ScopeSel::all(&inputs.framework) {
                        crate::common::model(
                            &inputs,
                            &diags,
                            &koers::report::Job {
                                year: year.year,
                                lang: Lang::Nl,
                                scope: scope.clone(),
                            },
                        );
                    }
                }
            }
            Ok(())
        })
        .expect("no panic");
}

/// `verify` on mutated reports (a real one from the sample build, bytes
/// overwritten, removed or inserted): a verdict every time, never a panic,
/// an abort or a hang.
#[test]
fn verify_survives_mutated_reports() {
    let report = std::fs::read(crate::common::sample().join("2022/nl/ibz-sp-2022-DVZ-nl.pdf"))
        .expect("a sample report");
    let report: &'static [u8] = Box::leak(report.into_boxed_slice());
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("ibz-sp-2022-DVZ-nl.pdf");
    let config = koers::commands::verify::VerifyConfig {
        limits: Default::default(),
        trust: None,
        rebuild: false,
        allow_draft: true,
    };
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: 32,
        ..ProptestConfig::default()
    });
    runner
        .run(&mutated(report), |bytes| {
            std::fs::write(&path, &bytes).expect("write");
            let checks = koers::commands::verify::verify_pdf(&path, &config);
            prop_assert!(!checks.is_empty());
            Ok(())
        })
        .expect("no panic");
}

/// A mutation proptest once found: an `.xls` whose header declares a
/// directory of 121 million sectors made calamine reserve 498 GB and abort
/// the process. Each size the header and first directory sector declare is
/// now checked against the file first.
#[test]
fn an_xls_declaring_more_than_the_file_holds_is_refused_not_aborted() {
    let good = std::fs::read(crate::common::fixture("office/good.xls")).unwrap();
    for (at, value) in [
        (0x28usize, 0x0740_0000u32.to_le_bytes().to_vec()),
        (0x2C, 0x0740_0000u32.to_le_bytes().to_vec()),
        (0x40, 0x0740_0000u32.to_le_bytes().to_vec()),
    ] {
        let mut bytes = good.clone();
        bytes.splice(at..at + value.len(), value);
        let err = read_workbook(&bytes, Path::new("x.xls"), WorkbookFormat::Xls, &|_| 0, MAX)
            .expect_err("refused");
        assert!(
            err.message.contains("the file is damaged"),
            "{}",
            err.message
        );
    }
    // The mini stream's size in the root directory entry.
    let sector = 1usize << u16::from_le_bytes([good[0x1E], good[0x1F]]);
    let first = u32::from_le_bytes(good[0x30..0x34].try_into().unwrap()) as usize;
    let at = (first + 1) * sector + 0x78;
    let mut bytes = good.clone();
    bytes.splice(at..at + 4, 0x7400_0000u32.to_le_bytes());
    let err = read_workbook(&bytes, Path::new("x.xls"), WorkbookFormat::Xls, &|_| 0, MAX)
        .expect_err("refused");
    assert!(err.message.contains("a stream declares"), "{}", err.message);
    assert!(read_workbook(&good, Path::new("x.xls"), WorkbookFormat::Xls, &|_| 0, MAX).is_ok());
}
