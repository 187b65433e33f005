//! The portal's wasm is built without the texts of the areas it never
//! shows (`NOT_IN_THE_PORTAL` in shared/build.rs): the back office's, the
//! timeline's, the gateway's and the licence document's. This guard fails
//! when the portal's code names one of their messages, which would show
//! as an empty text to applicants.

use std::path::{Path, PathBuf};

/// The frontend's files the portal is built from: all but the back
/// office's and the public register's.
fn portal_sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let path = e.path();
        let name = e.file_name().to_string_lossy().into_owned();
        if ["staff", "public", "staff.rs", "public.rs"].contains(&name.as_str()) {
            continue;
        }
        if path.is_dir() {
            portal_sources(&path, out);
        } else if name.ends_with(".rs") {
            out.push(path);
        }
    }
}

#[test]
fn the_portal_names_no_message_of_the_areas_left_out_of_its_build() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../frontend/src");
    let mut files = Vec::new();
    portal_sources(&root, &mut files);
    assert!(files.len() > 10, "the portal's sources: {files:?}");
    let mut found = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("a source file");
        for area in ["Msg::Staff", "Msg::Admin", "Msg::Timeline", "Msg::Gateway", "Msg::Pdf"] {
            if text.contains(area) {
                found.push(format!("{}: {area}", f.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "the portal names texts its build leaves out: {found:#?}"
    );
}
