//! The layering, checked from the source: every `crate::…` and `super::…`
//! path in `src/` (and in `crates/koers-sign/src/`) is read, and the test
//! fails naming the file and the import when a module uses a layer above
//! its own, when a command imports another command, or when modules import
//! each other in a cycle.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The layers, lowest first; a module may use its own layer and those below.
const LAYERS: &[&str] = &[
    "core",
    "diagnostics",
    "model",
    "intake",
    "validate",
    "i18n",
    "audit",
    "report",
    "render",
    "readback",
    "commands",
    "cli",
];

/// A module path, e.g. `["intake", "progress", "cells"]`.
type Module = Vec<String>;

struct Source {
    module: Module,
    file: String,
    text: String,
}

/// The commands (`koers <command>`): leaves, none imports another. Other
/// modules under `commands` (`keys`) are their shared steps.
const COMMANDS: &[&str] = &[
    "approve",
    "build",
    "check",
    "diff",
    "init",
    "sheets",
    "status",
    "templates",
    "verify",
];

fn sources() -> Vec<Source> {
    sources_of("src")
}

/// The sources under `dir` (relative to the crate root).
fn sources_of(dir: &str) -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut found = Vec::new();
    walk(&root, &root, &mut found);
    for source in &mut found {
        source.file = format!("{dir}/{}", source.file.trim_start_matches("src/"));
    }
    found
}

fn walk(root: &Path, dir: &Path, found: &mut Vec<Source>) {
    for entry in std::fs::read_dir(dir).expect("src is readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            walk(root, &path, found);
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(root).expect("under src");
        let mut module: Module = relative
            .with_extension("")
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if module
            .last()
            .is_some_and(|m| m == "mod" || m == "lib" || m == "main")
        {
            module.pop();
        }
        found.push(Source {
            module,
            file: format!("src/{}", relative.display()),
            text: std::fs::read_to_string(&path).expect("utf-8 source"),
        });
    }
}

/// Source text without comments, so paths in prose do not count.
fn code(text: &str) -> String {
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every path the source names, each expanded from `use` groups
/// (`use crate::a::{b, c::d}`), and made absolute (`super::` resolved).
fn paths(source: &Source) -> Vec<(Module, String)> {
    let code = code(&source.text);
    let mut found = Vec::new();
    let mut rest = code.as_str();
    while let Some(at) = rest.find("use ") {
        let before = rest[..at].chars().last();
        rest = &rest[at + 4..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let end = rest.find(';').unwrap_or(rest.len());
        let tree: String = rest[..end].chars().filter(|c| !c.is_whitespace()).collect();
        for path in expand(&tree) {
            found.push(path);
        }
        rest = &rest[end..];
    }
    // Paths written inline, outside `use`.
    for prefix in ["crate::", "super::"] {
        let mut rest = code.as_str();
        while let Some(at) = rest.find(prefix) {
            let before = rest[..at].chars().last();
            let tail = &rest[at..];
            let len = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(tail.len());
            if !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == ':') {
                found.push(tail[..len].trim_end_matches(':').to_string());
            }
            rest = &rest[at + prefix.len()..];
        }
    }
    let mut seen = BTreeSet::new();
    found
        .into_iter()
        .filter(|path| seen.insert(path.clone()))
        .filter_map(|path| absolute(&source.module, &path).map(|m| (m, path)))
        .collect()
}

/// `a::{b, c::{d, e}}` → `a::b`, `a::c::d`, `a::c::e`.
fn expand(tree: &str) -> Vec<String> {
    let Some(open) = tree.find('{') else {
        return vec![tree.to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .flat_map(|p| expand(p).into_iter().map(move |e| format!("{prefix}{e}")))
        .collect()
}

/// The crate-relative segments of a path, or `None` for other crates.
fn absolute(module: &Module, path: &str) -> Option<Module> {
    let mut segments = path.split("::").filter(|s| !s.is_empty());
    let mut base: Module = match segments.next()? {
        "crate" => Vec::new(),
        "super" => {
            let mut base = module.clone();
            base.pop();
            base
        }
        "self" => module.clone(),
        _ => return None,
    };
    for segment in segments {
        match segment {
            "super" => {
                base.pop();
            }
            "self" | "*" => {}
            name => base.push(name.to_string()),
        }
    }
    Some(base)
}

/// The longest prefix of `path` that is a module of the crate, following a
/// facade's `pub use child::Name` to the child that defines `Name`.
fn resolve(
    path: &Module,
    modules: &BTreeSet<Module>,
    reexports: &BTreeMap<Module, Module>,
) -> Module {
    let mut best = Module::new();
    for len in (1..=path.len()).rev() {
        let prefix = path[..len].to_vec();
        if modules.contains(&prefix) {
            best = prefix;
            break;
        }
    }
    if best.len() < path.len() {
        let mut named = best.clone();
        named.push(path[best.len()].clone());
        if let Some(child) = reexports.get(&named) {
            return child.clone();
        }
    }
    best
}

/// `pub use child::{A, B}` in a module: `module::A` is defined in `child`.
fn reexports(sources: &[Source], modules: &BTreeSet<Module>) -> BTreeMap<Module, Module> {
    let mut map = BTreeMap::new();
    for source in sources {
        let code = code(&source.text);
        for line in code.split(';') {
            let Some(tree) = line.trim().strip_prefix("pub use ") else {
                continue;
            };
            let tree: String = tree.chars().filter(|c| !c.is_whitespace()).collect();
            for path in expand(&tree) {
                let path = path.replace("self::", "");
                let Some(name) = path.rsplit("::").next() else {
                    continue;
                };
                let target = if path.starts_with("crate::") || path.starts_with("super::") {
                    absolute(&source.module, &path)
                } else {
                    let mut m = source.module.clone();
                    m.extend(path.split("::").map(str::to_string));
                    Some(m)
                };
                let Some(mut target) = target else { continue };
                target.pop();
                if modules.contains(&target) {
                    let mut key = source.module.clone();
                    key.push(name.to_string());
                    map.insert(key, target);
                }
            }
        }
    }
    map
}

fn layer(module: &Module) -> Option<usize> {
    let top = module.first()?;
    LAYERS.iter().position(|l| l == top)
}

fn is_ancestor(a: &Module, b: &Module) -> bool {
    a.len() < b.len() && b[..a.len()] == a[..]
}

/// Both ends of an edge lifted to the children of their common ancestor:
/// `intake::progress::cells → intake::table` is `intake::progress →
/// intake::table`. `None` when one contains the other.
fn siblings(from: &Module, to: &Module) -> Option<(Module, Module)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((from[..=common].to_vec(), to[..=common].to_vec()))
}

struct Graph {
    /// Module → modules it uses, each with the first file and path that does.
    edges: BTreeMap<Module, BTreeMap<Module, (String, String)>>,
    problems: Vec<String>,
}

fn graph() -> Graph {
    graph_of(&sources())
}

/// The command a module belongs to, if it is (in) one.
fn command(module: &Module) -> Option<&str> {
    match module.as_slice() {
        [top, name, ..] if top == "commands" && COMMANDS.contains(&name.as_str()) => {
            Some(name.as_str())
        }
        _ => None,
    }
}

fn graph_of(sources: &[Source]) -> Graph {
    let modules: BTreeSet<Module> = sources.iter().map(|s| s.module.clone()).collect();
    let reexports = reexports(sources, &modules);
    let mut graph = Graph {
        edges: BTreeMap::new(),
        problems: Vec::new(),
    };
    for source in sources {
        for (path, written) in paths(source) {
            let target = resolve(&path, &modules, &reexports);
            if target.is_empty() || source.module.is_empty() {
                continue;
            }
            if let (Some(mine), Some(theirs)) = (layer(&source.module), layer(&target))
                && theirs > mine
            {
                graph.problems.push(format!(
                    "{}: `{written}` uses the layer `{}`, above `{}`",
                    source.file, LAYERS[theirs], LAYERS[mine]
                ));
            }
            if let (Some(mine), Some(theirs)) = (command(&source.module), command(&target))
                && mine != theirs
            {
                graph.problems.push(format!(
                    "{}: `{written}`: the command `{mine}` imports the command `{theirs}` (move what they share below the commands)",
                    source.file
                ));
            }
            if is_ancestor(&target, &source.module) || is_ancestor(&source.module, &target) {
                continue;
            }
            if let Some((from, to)) = siblings(&source.module, &target) {
                graph
                    .edges
                    .entry(from)
                    .or_default()
                    .entry(to)
                    .or_insert_with(|| (source.file.clone(), written.clone()));
            }
        }
    }
    graph
}

/// A cycle in the graph, as the edges that make it, if there is one.
fn cycle(edges: &BTreeMap<Module, BTreeMap<Module, (String, String)>>) -> Option<Vec<String>> {
    fn visit(
        node: &Module,
        edges: &BTreeMap<Module, BTreeMap<Module, (String, String)>>,
        path: &mut Vec<Module>,
        done: &mut BTreeSet<Module>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|m| m == node) {
            let mut cycle: Vec<Module> = path[at..].to_vec();
            cycle.push(node.clone());
            return Some(
                cycle
                    .windows(2)
                    .map(|w| {
                        let (file, written) = &edges[&w[0]][&w[1]];
                        format!(
                            "{} → {} ({file}: `{written}`)",
                            w[0].join("::"),
                            w[1].join("::")
                        )
                    })
                    .collect(),
            );
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.clone());
        for next in edges.get(node).into_iter().flat_map(|e| e.keys()) {
            if let Some(found) = visit(next, edges, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    for node in edges.keys() {
        if let Some(found) = visit(node, edges, &mut Vec::new(), &mut done) {
            return Some(found);
        }
    }
    None
}

#[test]
fn every_module_uses_only_its_layer_and_those_below() {
    let graph = graph();
    assert!(
        graph.problems.is_empty(),
        "imports against the layering:\n{}",
        graph.problems.join("\n")
    );
}

#[test]
fn no_modules_import_each_other_in_a_cycle() {
    let graph = graph();
    if let Some(cycle) = cycle(&graph.edges) {
        panic!("an import cycle:\n{}", cycle.join("\n"));
    }
}

/// The signing crate has no layers of its own, but no cycles either.
#[test]
fn the_signing_crate_has_no_import_cycle() {
    let sources = sources_of("crates/koers-sign/src");
    assert!(sources.len() > 10, "{} sources", sources.len());
    let graph = graph_of(&sources);
    if let Some(cycle) = cycle(&graph.edges) {
        panic!("an import cycle in koers-sign:\n{}", cycle.join("\n"));
    }
}

#[test]
fn every_top_level_module_has_a_layer() {
    let modules: BTreeSet<String> = sources()
        .iter()
        .filter_map(|s| s.module.first().cloned())
        .collect();
    let unknown: Vec<&String> = modules
        .iter()
        .filter(|m| !LAYERS.contains(&m.as_str()))
        .collect();
    assert!(unknown.is_empty(), "modules without a layer: {unknown:?}");
}

#[test]
fn the_checker_sees_a_command_importing_another() {
    let source = |module: &[&str], file: &str, text: &str| Source {
        module: module.iter().map(|m| m.to_string()).collect(),
        file: file.into(),
        text: text.into(),
    };
    let graph = graph_of(&[
        source(
            &["commands", "approve"],
            "src/commands/approve.rs",
            "use super::diff::diff;\nuse super::keys::load_signer;",
        ),
        source(&["commands", "diff"], "src/commands/diff.rs", ""),
        source(&["commands", "keys"], "src/commands/keys.rs", ""),
    ]);
    assert_eq!(
        graph.problems,
        [
            "src/commands/approve.rs: `super::diff::diff`: the command `approve` imports the command `diff` (move what they share below the commands)"
        ]
    );
}

#[test]
fn the_checker_sees_violations_and_cycles() {
    let module = vec!["intake".to_string(), "load".to_string()];
    let expanded = expand("crate::a::{b,c::{d,e}}");
    assert_eq!(
        expanded,
        ["crate::a::b", "crate::a::c::d", "crate::a::c::e"]
    );
    assert_eq!(
        absolute(&module, "super::table::Table"),
        Some(vec!["intake".into(), "table".into(), "Table".into()])
    );
    assert_eq!(absolute(&module, "std::fs"), None);
    let fake = Source {
        module: vec!["intake".into()],
        file: "src/intake/mod.rs".into(),
        text: "use crate::report::Job; // crate::cli in a comment\nfn f() { crate::core::normalize(\"\"); }"
            .into(),
    };
    let found: Vec<String> = paths(&fake).into_iter().map(|(_, w)| w).collect();
    assert_eq!(found, ["crate::report::Job", "crate::core::normalize"]);
    let a: Module = vec!["x".into(), "a".into()];
    let b: Module = vec!["x".into(), "b".into()];
    let mut edges = BTreeMap::new();
    edges
        .entry(a.clone())
        .or_insert_with(BTreeMap::new)
        .insert(b.clone(), ("a.rs".to_string(), "super::b".to_string()));
    assert!(cycle(&edges).is_none());
    edges
        .entry(b)
        .or_insert_with(BTreeMap::new)
        .insert(a, ("b.rs".to_string(), "super::a".to_string()));
    assert!(cycle(&edges).is_some());
}

/// The house rule: a file over 600 lines is split by what it does.
#[test]
fn no_source_file_is_over_600_lines() {
    let long: Vec<String> = sources_of("src")
        .into_iter()
        .chain(sources_of("crates/koers-sign/src"))
        .filter(|s| s.text.lines().count() > 600)
        .map(|s| format!("{} ({} lines)", s.file, s.text.lines().count()))
        .collect();
    assert!(long.is_empty(), "files over 600 lines: {long:?}");
}

/// A failure crosses a module boundary as a type that says what kind it is
/// (`Diagnostic`, a layer's sentence error, `anyhow` for the tool's own
/// failures), never as a bare `String`.
#[test]
fn no_public_function_returns_a_string_error() {
    let mut found = Vec::new();
    for source in sources_of("src") {
        let code = code(&source.text);
        let mut rest = code.as_str();
        while let Some(at) = rest.find("pub") {
            let tail = &rest[at..];
            rest = &rest[at + 3..];
            let Some(fn_at) = tail.find("fn ") else { break };
            // `pub fn`, `pub(crate) fn`, `pub(super) fn` only.
            let between = tail[3..fn_at].trim();
            if !(between.is_empty() || (between.starts_with('(') && between.ends_with(')'))) {
                continue;
            }
            let end = tail.find(['{', ';']).unwrap_or(tail.len());
            let signature: String = tail[..end].split_whitespace().collect::<Vec<_>>().join(" ");
            if signature.contains("Result<") && signature.trim_end().ends_with(", String>") {
                found.push(format!("{}: {signature}", source.file));
            }
        }
    }
    assert!(
        found.is_empty(),
        "String errors across a module boundary:\n{}",
        found.join("\n")
    );
}
