//! Compiles the locale files (`locales/*.ftl`) into the app's texts; a
//! missing, extra or misspelt message fails the build with its file and id.

/// The locales, default first. A new one: its file in `locales/` and its tag here.
const LOCALES: &[&str] = &["zh-CN", "en"];

fn main() {
    let files: Vec<(String, String)> = LOCALES
        .iter()
        .map(|tag| {
            let file = format!("locales/{tag}.ftl");
            println!("cargo::rerun-if-changed={file}");
            let text = std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{file}: {e}"));
            (file, text)
        })
        .collect();
    let sources: Vec<i18n_gen::Source> =
        LOCALES.iter().zip(&files).map(|(tag, (file, text))| i18n_gen::Source { tag, file, text }).collect();
    match i18n_gen::compile(&sources) {
        Ok(code) => {
            let out = std::path::Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("texts.rs");
            std::fs::write(&out, code).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        }
        Err(errors) => {
            for e in &errors {
                println!("cargo::error={e}");
            }
            std::process::exit(1);
        }
    }
}
