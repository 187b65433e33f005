//! Each app's `index.html` is made to draw before it fetches its wasm.
//!
//! The server writes the page's header, heading and lead into `index.html`
//! (its shell, in the visitor's language). Trunk's page asks for the wasm
//! at once, with a `<link rel="preload">` in the head, so on a slow network
//! the wasm (hundreds of kilobytes) shares the line with the stylesheet the
//! first paint waits for. After this rewrite the page asks for the wasm
//! once its first frame is on the screen: the preload goes, and the
//! start-up script waits for the next frame (not in a hidden tab, where
//! frames are not drawn: there it starts at once). The script and its snippets keep their
//! `modulepreload`s, which are small.
//!
//! The server reads the wasm's path for its prefetch from the start-up
//! script (`module_or_path`), and the pages' content security policy hashes
//! the script as it is after this rewrite.

/// What the start-up script waits for before it asks for the wasm: the
/// start of the second frame, when the first (the shell, drawn once the
/// stylesheet has come) is on the screen. After the first frame's own
/// callbacks alone, the wasm could still arrive before that frame was
/// shown: on a fast line the app then drew first, one run in three.
const WAIT: &str = "if (document.visibilityState !== 'hidden') \
await new Promise((drawn) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(drawn))));\n";

/// Where Trunk's start-up script asks for the wasm.
const INIT: &str = "const wasm = await init(";

/// The rewritten page, or why Trunk's page is not the one expected (a new
/// Trunk that writes it otherwise must fail the build, not ship unchanged).
pub fn rewrite(index: &str) -> Result<String, String> {
    if index.contains(WAIT) {
        return Ok(index.to_owned());
    }
    let preload = index
        .split("<link ")
        .skip(1)
        .filter_map(|tag| tag.split('>').next())
        .find(|tag| tag.contains("rel=\"preload\"") && tag.contains("_bg.wasm\""))
        .map(|tag| format!("<link {tag}>"))
        .ok_or("no <link rel=\"preload\"> of the wasm")?;
    if index.matches(INIT).count() != 1 {
        return Err(format!("not one `{INIT}` in the start-up script"));
    }
    Ok(index
        .replacen(&preload, "", 1)
        .replacen(INIT, &format!("{WAIT}{INIT}"), 1))
}

/// Rewrites the built `index.html` at `path` in place.
pub fn apply(path: &std::path::Path) -> Result<(), String> {
    let page = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let page = rewrite(&page).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(path, page).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRUNK: &str = r#"<head><script type="module">
import init, * as bindings from '/a-1.js';
const wasm = await init({ module_or_path: '/a-1_bg.wasm' });
</script>
<link rel="modulepreload" href="/a-1.js" crossorigin="anonymous"><link rel="preload" href="/a-1_bg.wasm" crossorigin="anonymous" as="fetch" type="application/wasm"></head>"#;

    #[test]
    fn the_wasm_is_asked_for_after_the_first_frame() {
        let page = rewrite(TRUNK).expect("Trunk's page");
        assert!(!page.contains("rel=\"preload\""), "the wasm's preload is gone: {page}");
        assert!(
            page.contains(r#"<link rel="modulepreload" href="/a-1.js""#),
            "the script's stays"
        );
        let wait = page.find("requestAnimationFrame").expect("a wait");
        assert!(
            wait < page.find("await init(").expect("the start"),
            "it waits first: {page}"
        );
        assert!(page.contains("module_or_path: '/a-1_bg.wasm'"));
        assert_eq!(
            rewrite(&page).expect("again"),
            page,
            "a second build's rewrite changes nothing"
        );
    }

    #[test]
    fn another_page_than_trunk_s_fails_the_build() {
        assert!(rewrite("<head></head>").is_err());
        let twice = TRUNK.replace("</script>", "const wasm = await init(x);</script>");
        assert!(rewrite(&twice).is_err());
    }
}
