//! Helpers shared by the integration tests: run the real binary, read PDFs,
//! load inputs and compute report models, and the sample plan built once.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use koers::diagnostics::Diagnostic;
use koers::intake::{Inputs, Source};
use koers::report::Job;
use koers::report::model::Report;

/// The sample plan built once, in the plan's languages, and shared by every
/// test that only reads it.
pub fn sample() -> &'static Path {
    static SAMPLE: OnceLock<tempfile::TempDir> = OnceLock::new();
    SAMPLE
        .get_or_init(|| {
            let (out, output) = build(&sample_inputs());
            assert!(output.status.success(), "build failed: {}", stderr(&output));
            out
        })
        .path()
}

/// Loads and validates an inputs folder.
pub fn load(dir: &Path) -> (Option<Inputs>, Vec<Diagnostic>) {
    koers::validate::load_and_validate(Source::dir(dir, Default::default()), &[])
        .expect("readable folder")
}

/// The organisation report of `year` in `lang`.
pub fn org_job(year: i32, lang: koers::core::Lang) -> Job {
    Job {
        year,
        lang,
        scope: koers::report::ScopeSel::Organisation,
    }
}

/// The model of one report with the built-in template and wording.
pub fn model(inputs: &Inputs, diags: &[Diagnostic], job: &Job) -> Report {
    let templates = koers::render::Templates::builtin();
    let template = templates.audit_files();
    let catalog = koers::i18n::Catalog::builtin();
    let year = inputs.year(job.year).expect("the job's year has data");
    let status = koers::audit::year_status(inputs, year, &template, None);
    let run = koers::report::Run::new(inputs, diags, &catalog, &template);
    koers::report::report(&run, year, &status, job.lang, &job.scope)
}

/// The fixture folder `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The sample plan shipped in `inputs/`.
pub fn sample_inputs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("inputs")
}

/// Runs `koers` with `args` and returns its output.
pub fn koers(args: &[&str]) -> Output {
    koers_with(args, &[])
}

/// Runs `koers` with `args` and the environment variables `env` set.
pub fn koers_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_koers"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("the koers binary runs")
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Runs `koers build` on `inputs` into a fresh temporary output folder.
pub fn build(inputs: &Path) -> (tempfile::TempDir, Output) {
    let out = tempfile::tempdir().expect("temp dir");
    let output = build_into(inputs, out.path(), &[]);
    (out, output)
}

/// Runs `koers build` on `inputs` into `output`, with `extra` arguments.
pub fn build_into(inputs: &Path, output: &Path, extra: &[&str]) -> Output {
    build_into_with(inputs, output, extra, &[])
}

/// The arguments of `build --final` of 2023 in Dutch, sealed with the key
/// and certificate files `key` and `cert`.
pub fn sealed_2023_args<'a>(key: &'a Path, cert: &'a Path) -> Vec<&'a str> {
    vec![
        "--year",
        "2023",
        "--lang",
        "nl",
        "--final",
        "--sign-key",
        key.to_str().unwrap(),
        "--sign-cert",
        cert.to_str().unwrap(),
    ]
}

/// [`build_into`] with the environment variables `env` set.
pub fn build_into_with(
    inputs: &Path,
    output: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> Output {
    let mut args = vec![
        "build",
        "--inputs",
        inputs.to_str().expect("utf-8 path"),
        "--output",
        output.to_str().expect("utf-8 path"),
    ];
    args.extend(extra);
    let built = koers_with(&args, env);
    // Every report a test builds, judged by a validator that is not ours.
    if built.status.success() {
        crate::conformance::assert_conforms(output);
    }
    built
}

/// `build --final` of the small plan's 2023 in Dutch into `output`, with
/// `extra` arguments and the environment variables `env`; it must succeed.
/// The organisation report.
pub fn build_final_2023(
    inputs: &Path,
    output: &Path,
    extra: &[&str],
    env: &[(&str, &str)],
) -> PathBuf {
    let mut args = vec!["--year", "2023", "--lang", "nl", "--final"];
    args.extend(extra);
    let build = build_into_with(inputs, output, &args, env);
    assert!(build.status.success(), "{}", stderr(&build));
    output.join("2023/nl/t-2023-org-nl.pdf")
}

/// The small plan's only approver approves 2023 (a recorded approval); it
/// must succeed.
pub fn approve_small(inputs: &Path, extra: &[&str]) {
    let mut args = vec![
        "approve",
        "--inputs",
        inputs.to_str().expect("utf-8"),
        "--year",
        "2023",
        "--name",
        "Ann Peeters",
    ];
    args.extend(extra);
    let approve = koers(&args);
    assert!(approve.status.success(), "{}", stderr(&approve));
}

/// `koers verify` on `path` with `extra` arguments: its exit code and
/// standard output.
pub fn verify(path: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["verify", path.to_str().expect("utf-8")];
    args.extend(extra);
    let output = koers(&args);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

/// The text of every page of a PDF, whitespace collapsed to single spaces so
/// line breaks in the layout do not matter.
pub fn pdf_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = pdf_extract::extract_text_from_mem(&bytes)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    collapse(&text)
}

pub fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every file under `dir`, relative to it, sorted.
pub fn files_under(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    walk(dir, dir, &mut found);
    found.sort();
    found
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in std::fs::read_dir(dir).expect("readable dir") {
        let path = entry.expect("dir entry").path();
        if path.is_dir() {
            walk(root, &path, found);
        } else {
            found.push(
                path.strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/"),
            );
        }
    }
}

/// The alt texts of every figure in a tagged PDF, read from its structure
/// tree (struct elements with `/S /Figure`).
pub fn figure_alt_texts(path: &Path) -> Vec<String> {
    let doc = lopdf::Document::load(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut alts = Vec::new();
    for object in doc.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        let is_figure = dict
            .get(b"S")
            .and_then(|s| s.as_name())
            .is_ok_and(|name| name == b"Figure");
        if !is_figure {
            continue;
        }
        let alt = dict
            .get(b"Alt")
            .ok()
            .and_then(|a| lopdf::decode_text_string(a).ok())
            .unwrap_or_default();
        alts.push(alt);
    }
    alts.sort();
    alts
}

/// The small plan's framework with `files` as its 2023 folder: one small
/// fixture folder per test case, made where the case is.
pub fn small_plan(files: &[(&str, Vec<u8>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        fixture("small").join("framework.toml"),
        dir.path().join("framework.toml"),
    )
    .expect("framework");
    std::fs::create_dir(dir.path().join("2023")).expect("mkdir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join("2023").join(name), bytes).expect("write");
    }
    dir
}

/// The files of a folder, by name, for [`small_plan`].
pub fn files_of(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("folder")
        .map(|e| e.expect("entry"))
        .filter(|e| e.path().is_file())
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            (name, std::fs::read(e.path()).expect("read"))
        })
        .collect();
    files.sort();
    files
}

/// `koers check` on a folder: its exit code and standard output.
pub fn check_inputs(dir: &Path) -> (Option<i32>, String) {
    let out = koers(&["check", "--inputs", dir.to_str().expect("utf-8")]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

/// The object holding the file stream of the attachment `name`.
pub fn attachment_stream(doc: &lopdf::Document, name: &str) -> lopdf::ObjectId {
    let spec = doc
        .objects
        .iter()
        .find_map(|(id, object)| {
            let dict = object.as_dict().ok()?;
            let found = lopdf::decode_text_string(dict.get(b"UF").ok()?).ok()?;
            (found == name).then_some(*id)
        })
        .expect("the attachment");
    doc.get_dictionary(spec)
        .and_then(|d| d.get(b"EF"))
        .and_then(|ef| ef.as_dict())
        .and_then(|ef| ef.get(b"F"))
        .and_then(|f| f.as_reference())
        .expect("file stream")
}

/// A zip package (a workbook) with the text of one part rewritten, the
/// other parts copied as they are.
pub fn rewrite_zip_part(bytes: &[u8], part: &str, edit: impl Fn(&str) -> String) -> Vec<u8> {
    use std::io::{Read, Write};
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("zip");
    let mut out = Vec::new();
    {
        let mut writer = zip::ZipWriter::new(std::io::Cursor::new(&mut out));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for index in 0..zip.len() {
            let mut file = zip.by_index(index).expect("part");
            let name = file.name().to_string();
            let mut content = Vec::new();
            file.read_to_end(&mut content).expect("read part");
            if name == part {
                let text = String::from_utf8(content).expect("XML");
                let edited = edit(&text);
                assert_ne!(edited, text, "the edit of {part} changed nothing");
                content = edited.into_bytes();
            }
            writer.start_file(name, options).expect("start");
            writer.write_all(&content).expect("write");
        }
        writer.finish().expect("finish");
    }
    out
}

/// The small plan's framework with the files of `year_dir` as its 2023.
pub fn small_plan_from(year_dir: &Path) -> tempfile::TempDir {
    let files = files_of(year_dir);
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(n, b)| (n.as_str(), b.clone())).collect();
    small_plan(&files)
}

/// The actual value of KPI `id` in a year's data, as written without
/// trailing zeros (`77.5`, `41`).
pub fn kpi_actual(year: &koers::intake::YearData, id: &str) -> Option<String> {
    year.indicators
        .iter()
        .find(|k| k.id == id)
        .and_then(|k| k.actual)
        .map(|a| a.normalize().to_string())
}
