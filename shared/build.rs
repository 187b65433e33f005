//! Turns the crate's data files into code at compile time:
//! - `data/i18n.toml` becomes the `Msg` enum, so a missing translation key is
//!   a compile error and every key is proven to have kk, ru and en text;
//! - `data/catalog/*.toml` is checked to parse and is embedded as one JSON
//!   document, which the crate deserialises into typed structures on first use
//!   (the browser then carries no TOML parser).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const LANGS: [&str; 3] = ["kk", "ru", "en"];

fn main() {
    let out_dir = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let out = Path::new(&out_dir);
    println!("cargo::rerun-if-changed=data");

    let messages = read_toml(Path::new("data/i18n.toml"));
    let code = messages_code(&messages);
    fs::write(out.join("messages.rs"), code).expect("write messages.rs");

    fs::write(out.join("catalog.json"), catalog_json()).expect("write catalog.json");
    fs::write(out.join("holidays.json"), data_json("data/calendar")).expect("write holidays.json");
    fs::write(
        out.join("calendar-rule.json"),
        toml_to_json(Path::new("data/calendar/_rule.toml")),
    )
    .expect("write calendar-rule.json");
    fs::write(out.join("mrp.json"), toml_to_json(Path::new("data/mrp.toml"))).expect("write mrp.json");
    fs::write(
        out.join("office-hours.json"),
        toml_to_json(Path::new("data/office-hours.toml")),
    )
    .expect("write office-hours.json");
    for name in ["banks", "tax-authorities"] {
        let json = toml_to_json(Path::new(&format!("data/{name}.toml")));
        fs::write(out.join(format!("{name}.json")), json).unwrap_or_else(|e| panic!("write {name}.json: {e}"));
    }
}

fn read_toml(path: &Path) -> toml::Table {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    text.parse::<toml::Table>()
        .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()))
}

fn toml_to_json(path: &Path) -> String {
    serde_json::to_string(&read_toml(path)).expect("TOML values are JSON-representable")
}

/// Every `*.toml` of a directory, as one JSON array in file-name order; a
/// file whose name starts with `_` is not one of them (it holds what they
/// share).
fn data_json(dir: &str) -> String {
    let mut paths: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .filter(|p| !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('_')))
        .collect();
    paths.sort();
    let docs: Vec<toml::Table> = paths.iter().map(|p| read_toml(p)).collect();
    serde_json::to_string(&docs).expect("TOML values are JSON-representable")
}

fn catalog_json() -> String {
    let providers = read_toml(Path::new("data/catalog/_providers.toml"));
    let templates = read_toml(Path::new("data/catalog/_sections.toml"));
    let services = data_json("data/catalog/services");
    format!(
        "{{\"providers\":{},\"templates\":{},\"services\":{}}}",
        serde_json::to_string(&providers).expect("JSON"),
        serde_json::to_string(&templates).expect("JSON"),
        services
    )
}

/// `wizard.step.next` -> `WizardStepNext`.
fn variant_name(key: &str) -> String {
    key.split(['.', '_', '-'])
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut c = p.chars();
            match c.next() {
                Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
                None => String::new(),
            }
        })
        .collect()
}

/// Flattens nested tables: `[wizard.step] next = {kk=..}` has key `wizard.step.next`.
fn flatten(prefix: &str, table: &toml::Table, out: &mut BTreeMap<String, [String; 3]>) {
    let is_leaf = LANGS.iter().all(|l| table.get(*l).is_some_and(toml::Value::is_str));
    if is_leaf {
        let texts = LANGS.map(|l| table[l].as_str().expect("checked").to_owned());
        for (l, t) in LANGS.iter().zip(&texts) {
            assert!(!t.trim().is_empty(), "i18n key {prefix}: empty {l} text");
        }
        assert!(table.len() == 3, "i18n key {prefix}: only kk, ru and en are allowed");
        out.insert(prefix.to_owned(), texts);
        return;
    }
    for (k, v) in table {
        let key = if prefix.is_empty() {
            k.clone()
        } else {
            format!("{prefix}.{k}")
        };
        match v {
            toml::Value::Table(t) => flatten(&key, t, out),
            _ => panic!("i18n key {key}: expected a table with kk, ru and en texts"),
        }
    }
}

/// The areas of texts the applicants' portal never shows: the back
/// office's, the timeline of a case, the sandbox gateway's page and the
/// licence document's. Built with the `portal-texts` feature (the portal's
/// build alone), their texts are left out of the wasm; the keys stay, so a
/// message is still the same variant everywhere.
const NOT_IN_THE_PORTAL: [&str; 7] = ["staff", "admin", "timeline", "gateway", "pdf", "stats", "unit"];

fn messages_code(table: &toml::Table) -> String {
    let mut flat = BTreeMap::new();
    flatten("", table, &mut flat);
    let mut variants = BTreeMap::new();
    for key in flat.keys() {
        let v = variant_name(key);
        if let Some(other) = variants.insert(v.clone(), key.clone()) {
            panic!("i18n keys {other} and {key} map to the same name {v}");
        }
    }
    let mut s = String::new();
    s.push_str("/// A translated message: every key of `data/i18n.toml`.\n");
    s.push_str("#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\n");
    s.push_str("pub enum Msg {\n");
    for (key, texts) in &flat {
        let _ = writeln!(s, "    /// {}", texts[2].replace('\n', " "));
        let _ = writeln!(s, "    #[doc = {key:?}]");
        let _ = writeln!(s, "    {},", variant_name(key));
    }
    s.push_str("}\n\nimpl Msg {\n");
    s.push_str("    /// Every message, in key order.\n");
    let _ = writeln!(s, "    pub const ALL: [Msg; {}] = [", flat.len());
    for key in flat.keys() {
        let _ = writeln!(s, "        Msg::{},", variant_name(key));
    }
    s.push_str("    ];\n\n");
    // Tables indexed by the variant, not matches: a few kilobytes of
    // pointers instead of three functions of hundreds of arms each, which
    // the browser would otherwise download.
    s.push_str("    /// The stable key, as written in the data file and sent over the wire.\n");
    s.push_str("    pub const fn key(self) -> &'static str {\n        KEYS[self as usize]\n    }\n\n");
    s.push_str("    /// Looks a message up by its stable key.\n");
    s.push_str("    pub fn from_key(key: &str) -> Option<Msg> {\n");
    s.push_str("        KEYS.binary_search(&key).ok().map(|i| Msg::ALL[i])\n    }\n\n");
    s.push_str("    /// The text in one language.\n");
    s.push_str("    pub const fn text(self, lang: crate::i18n::Lang) -> &'static str {\n");
    s.push_str("        TEXTS[self as usize][lang as usize]\n    }\n}\n\n");
    s.push_str("/// Every key, in the variants' order, which is the keys' sorted order.\n");
    let _ = writeln!(s, "static KEYS: [&str; {}] = [", flat.len());
    for key in flat.keys() {
        let _ = writeln!(s, "    {key:?},");
    }
    s.push_str("];\n\n/// The texts of every message in kk, ru and en (the order of `Lang`).\n");
    let _ = writeln!(s, "static TEXTS: [[&str; 3]; {}] = [", flat.len());
    for (key, texts) in &flat {
        let row = format!("[{:?}, {:?}, {:?}]", texts[0], texts[1], texts[2]);
        if NOT_IN_THE_PORTAL.contains(&key.split('.').next().unwrap_or_default()) {
            let _ = writeln!(
                s,
                "    if cfg!(feature = \"portal-texts\") {{ [\"\", \"\", \"\"] }} else {{ {row} }},"
            );
        } else {
            let _ = writeln!(s, "    {row},");
        }
    }
    s.push_str("];\n");
    s
}
