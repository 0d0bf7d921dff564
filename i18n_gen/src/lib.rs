//! Compiles the translators' Fluent files into Rust at build time.
//!
//! Each locale is one `.ftl` file. The first locale is the default; every
//! other must have exactly its messages, each using the same values (`$name`),
//! or the build fails naming the file, the message and what is wrong. The
//! output is plain Rust: a `Lang` enum, an `M` enum of the messages without
//! values (`M::SignIn.text(lang)` is a `&'static str`) and, in `msg`, one
//! function per message with values (`msg::notice_admitted(lang, rank)`).
//! Plurals select on CLDR categories at run time through the including
//! module's `plural(lang, n)` (`intl_pluralrules`); nothing parses Fluent in
//! the browser.
//!
//! Supported Fluent: text, string and number literals, `{ $variable }`,
//! selectors on a variable (`[one]`/`*[other]` plural categories, exact
//! numbers `[0]`, or plain words for a text value) and references to other
//! messages and terms without values, which are copied in. Attributes and
//! functions are refused.
use fluent_syntax::ast;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// One locale's file.
pub struct Source<'a> {
    /// BCP 47 tag, e.g. `zh-CN`.
    pub tag: &'a str,
    /// The file's name, for messages.
    pub file: &'a str,
    pub text: &'a str,
}

/// A pattern with references resolved.
#[derive(Clone, Debug, PartialEq)]
enum Piece {
    Text(String),
    Var(String),
    Select { var: String, variants: Vec<(Key, Vec<Piece>)>, default: Vec<Piece> },
}

#[derive(Clone, Debug, PartialEq)]
enum Key {
    Number(i64),
    Category(&'static str),
    Word(String),
}

#[derive(Clone, Copy, Debug, PartialEq)]
enum VarKind {
    /// Only shown: anything `Display`.
    Shown,
    /// Selected on by plural category or exact number.
    Number,
    /// Selected on by word.
    Word,
}

const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];

struct Locale<'a> {
    tag: &'a str,
    file: &'a str,
    messages: BTreeMap<String, Vec<Piece>>,
    /// Message ids in the file's order.
    order: Vec<String>,
}

/// The Rust source for `sources`, or every problem found.
pub fn compile(sources: &[Source<'_>]) -> Result<String, Vec<String>> {
    let mut errors = Vec::new();
    if sources.is_empty() {
        return Err(vec!["no locales".into()]);
    }
    let locales: Vec<Locale> = sources.iter().filter_map(|s| read(s, &mut errors)).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    let default = &locales[0];
    let mut kinds: BTreeMap<(String, String), VarKind> = BTreeMap::new();
    for locale in &locales {
        for (id, pieces) in &locale.messages {
            let mut found = Vec::new();
            variables(pieces, &mut found);
            for (var, kind) in found {
                let slot = kinds.entry((id.clone(), var.clone())).or_insert(VarKind::Shown);
                match (*slot, kind) {
                    (_, VarKind::Shown) => {}
                    (VarKind::Shown, k) => *slot = k,
                    (a, b) if a == b => {}
                    _ => errors.push(format!("{}: `{id}` selects on ${var} both by number and by word", locale.file)),
                }
            }
        }
    }
    for locale in &locales[1..] {
        for id in &default.order {
            match locale.messages.get(id) {
                None => errors.push(format!("{}: message `{id}` is missing (it is in {})", locale.file, default.file)),
                Some(pieces) => {
                    let (want, have) = (names(&default.messages[id]), names(pieces));
                    for v in want.difference(&have) {
                        errors.push(format!("{}: `{id}` does not use ${v}, which {} does", locale.file, default.file));
                    }
                    for v in have.difference(&want) {
                        errors.push(format!("{}: `{id}` uses ${v}, which {} does not have", locale.file, default.file));
                    }
                }
            }
        }
        for id in &locale.order {
            if !default.messages.contains_key(id) {
                errors.push(format!("{}: message `{id}` is not in {} (misspelt, or add it there first)", locale.file, default.file));
            }
        }
    }
    for locale in &locales {
        if plural_rules(locale.tag).is_none() {
            errors.push(format!("{}: `{}` is not a language tag with plural rules", locale.file, locale.tag));
        }
    }
    let mut variants = BTreeSet::new();
    for locale in &locales {
        let v = variant(locale.tag);
        if !variants.insert(v.clone()) {
            errors.push(format!("{}: a second locale for the language `{v}`", locale.file));
        }
    }
    if errors.is_empty() { Ok(generate(&locales, &kinds)) } else { Err(errors) }
}

fn read<'a>(source: &Source<'a>, errors: &mut Vec<String>) -> Option<Locale<'a>> {
    let file = source.file;
    let resource = match fluent_syntax::parser::parse(source.text) {
        Ok(r) => r,
        Err((_, parse_errors)) => {
            for e in parse_errors {
                let line = source.text[..e.pos.start.min(source.text.len())].matches('\n').count() + 1;
                errors.push(format!("{file}:{line}: {}", e.kind));
            }
            return None;
        }
    };
    let mut terms = BTreeMap::new();
    let mut raw = BTreeMap::new();
    let mut order = Vec::new();
    let before = errors.len();
    for entry in &resource.body {
        match entry {
            ast::Entry::Message(m) => {
                let id = m.id.name.to_string();
                if !m.attributes.is_empty() {
                    errors.push(format!("{file}: `{id}` has attributes, which the app does not read"));
                }
                match &m.value {
                    Some(p) => {
                        if raw.insert(id.clone(), p).is_some() {
                            errors.push(format!("{file}: `{id}` is defined twice"));
                        }
                        order.push(id);
                    }
                    None => errors.push(format!("{file}: `{id}` has no text")),
                }
            }
            ast::Entry::Term(t) => {
                terms.insert(t.id.name.to_string(), &t.value);
            }
            _ => {}
        }
    }
    let mut messages = BTreeMap::new();
    for (id, pattern) in &raw {
        let context = Context { file, id, terms: &terms, messages: &raw };
        match context.pattern(pattern, 0) {
            Ok(pieces) => {
                messages.insert(id.clone(), merge_text(pieces));
            }
            Err(e) => errors.push(format!("{file}: `{id}`: {e}")),
        }
    }
    (errors.len() == before).then_some(Locale { tag: source.tag, file, messages, order })
}

struct Context<'r, 's> {
    file: &'r str,
    id: &'r str,
    terms: &'r BTreeMap<String, &'r ast::Pattern<&'s str>>,
    messages: &'r BTreeMap<String, &'r ast::Pattern<&'s str>>,
}

impl Context<'_, '_> {
    fn pattern(&self, pattern: &ast::Pattern<&str>, depth: usize) -> Result<Vec<Piece>, String> {
        if depth > 8 {
            return Err("references nest too deep (a message that refers to itself?)".into());
        }
        let mut out = Vec::new();
        for element in &pattern.elements {
            match element {
                ast::PatternElement::TextElement { value } => out.push(Piece::Text(value.to_string())),
                ast::PatternElement::Placeable { expression } => out.extend(self.expression(expression, depth)?),
            }
        }
        Ok(out)
    }

    fn expression(&self, expression: &ast::Expression<&str>, depth: usize) -> Result<Vec<Piece>, String> {
        match expression {
            ast::Expression::Inline(inline) => self.inline(inline, depth),
            ast::Expression::Select { selector, variants } => {
                let ast::InlineExpression::VariableReference { id } = selector else {
                    return Err("a selector must be a variable ($count)".into());
                };
                let mut keyed = Vec::new();
                let mut default = None;
                for v in variants {
                    let pieces = merge_text(self.pattern(&v.value, depth)?);
                    let key = match &v.key {
                        ast::VariantKey::NumberLiteral { value } => {
                            Key::Number(value.parse().map_err(|_| format!("[{value}]: only whole numbers are selected on"))?)
                        }
                        ast::VariantKey::Identifier { name } => match CATEGORIES.iter().find(|c| *c == name) {
                            Some(c) => Key::Category(c),
                            None => Key::Word(name.to_string()),
                        },
                    };
                    if v.default {
                        default = Some(pieces);
                    } else {
                        keyed.push((key, pieces));
                    }
                }
                let default = default.ok_or("a selector needs a default variant (*[other])")?;
                Ok(vec![Piece::Select { var: id.name.to_string(), variants: keyed, default }])
            }
        }
    }

    fn inline(&self, inline: &ast::InlineExpression<&str>, depth: usize) -> Result<Vec<Piece>, String> {
        use ast::InlineExpression as I;
        match inline {
            I::StringLiteral { value } => Ok(vec![Piece::Text(fluent_syntax::unicode::unescape_unicode_to_string(value).into_owned())]),
            I::NumberLiteral { value } => Ok(vec![Piece::Text(value.to_string())]),
            I::VariableReference { id } => Ok(vec![Piece::Var(id.name.to_string())]),
            I::Placeable { expression } => self.expression(expression, depth),
            I::MessageReference { id, attribute: None } => {
                let p = self.messages.get(id.name).ok_or_else(|| format!("refers to `{}`, which {} does not have", id.name, self.file))?;
                self.pattern(p, depth + 1)
            }
            I::TermReference { id, attribute: None, arguments: None } => {
                let p = self.terms.get(id.name).ok_or_else(|| format!("refers to `-{}`, which {} does not have", id.name, self.file))?;
                self.pattern(p, depth + 1)
            }
            I::FunctionReference { id, .. } => Err(format!("{}() is not supported: pass the value formatted", id.name)),
            _ => Err(format!("{}: attributes and term arguments are not supported", self.id)),
        }
    }
}

/// Joins neighbouring texts, so that a message without values is one text.
fn merge_text(pieces: Vec<Piece>) -> Vec<Piece> {
    let mut out: Vec<Piece> = Vec::new();
    for p in pieces {
        match (out.last_mut(), p) {
            (Some(Piece::Text(a)), Piece::Text(b)) => a.push_str(&b),
            (_, p) => out.push(p),
        }
    }
    out
}

fn variables(pieces: &[Piece], out: &mut Vec<(String, VarKind)>) {
    for p in pieces {
        match p {
            Piece::Text(_) => {}
            Piece::Var(v) => out.push((v.clone(), VarKind::Shown)),
            Piece::Select { var, variants, default } => {
                let by_word = variants.iter().any(|(k, _)| matches!(k, Key::Word(_)));
                out.push((var.clone(), if by_word { VarKind::Word } else { VarKind::Number }));
                for (_, v) in variants {
                    variables(v, out);
                }
                variables(default, out);
            }
        }
    }
}

fn names(pieces: &[Piece]) -> BTreeSet<String> {
    let mut found = Vec::new();
    variables(pieces, &mut found);
    found.into_iter().map(|(v, _)| v).collect()
}

/// The CLDR plural rules for `tag`, or for its language (they are kept per
/// language: `zh`, not `zh-CN`). At run time the app's `i18n::plural` looks
/// them up the same way; the generated code calls it.
fn plural_rules(tag: &str) -> Option<intl_pluralrules::PluralRules> {
    let language = tag.split('-').next().unwrap_or(tag);
    [tag, language].into_iter().find_map(|t| {
        let id: unic_langid::LanguageIdentifier = t.parse().ok()?;
        intl_pluralrules::PluralRules::create(id, intl_pluralrules::PluralRuleType::CARDINAL).ok()
    })
}

/// `zh-CN` → `Zh`: the language, as a Rust name.
fn variant(tag: &str) -> String {
    let language = tag.split('-').next().unwrap_or(tag);
    camel(language)
}

/// `sign-in` → `SignIn`.
fn camel(id: &str) -> String {
    id.split(['-', '_'])
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect()
}

/// `sign-in` → `sign_in`.
fn snake(id: &str) -> String {
    id.replace('-', "_").to_lowercase()
}

fn generate(locales: &[Locale], kinds: &BTreeMap<(String, String), VarKind>) -> String {
    let default = &locales[0];
    let is_static = |id: &str| default.messages[id].iter().all(|p| matches!(p, Piece::Text(_)));
    let mut out = String::from("// Made by i18n_gen from the locale files at build time: edit those, not this.\n\n");
    let langs: Vec<String> = locales.iter().map(|l| variant(l.tag)).collect();
    let _ = writeln!(out, "/// A language the app speaks; the first is the default.\n#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]\npub enum Lang {{");
    for (i, l) in langs.iter().enumerate() {
        let _ = writeln!(out, "    {}{l},", if i == 0 { "#[default] " } else { "" });
    }
    let _ = writeln!(out, "}}\n\nimpl Lang {{\n    pub const ALL: [Lang; {}] = [{}];", langs.len(), langs.iter().map(|l| format!("Lang::{l}")).collect::<Vec<_>>().join(", "));
    let _ = writeln!(out, "    /// The BCP 47 tag, for `<html lang>`.\n    pub fn tag(self) -> &'static str {{\n        match self {{");
    for (l, locale) in langs.iter().zip(locales) {
        let _ = writeln!(out, "            Lang::{l} => {:?},", locale.tag);
    }
    let _ = writeln!(out, "        }}\n    }}\n}}\n");

    // Each message is a constant, not an enum variant: a browser bundle
    // then holds only the texts its islands use, not every page's.
    let statics: Vec<&String> = default.order.iter().filter(|id| is_static(id)).collect();
    let _ = writeln!(
        out,
        "/// A message without values: its id and its text in each language of\n/// `Lang::ALL`, in that order.\n#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]\npub struct M {{\n    id: &'static str,\n    texts: &'static [&'static str; {}],\n}}\n\n#[allow(non_upper_case_globals)]\nimpl M {{",
        langs.len()
    );
    for id in &statics {
        let texts: Vec<String> = locales
            .iter()
            .map(|locale| format!("{:?}", locale.messages[*id].iter().map(|p| if let Piece::Text(t) = p { t.as_str() } else { "" }).collect::<String>()))
            .collect();
        let _ = writeln!(out, "    pub const {}: M = M {{ id: {id:?}, texts: &[{}] }};", camel(id), texts.join(", "));
    }
    let _ = writeln!(out, "    pub const ALL: [M; {}] = [{}];", statics.len(), statics.iter().map(|id| format!("M::{}", camel(id))).collect::<Vec<_>>().join(", "));
    let _ = writeln!(out, "    /// The message's id in the locale files.\n    pub fn id(self) -> &'static str {{\n        self.id\n    }}");
    let _ = writeln!(out, "    pub fn text(self, lang: Lang) -> &'static str {{\n        self.texts[lang as usize]\n    }}\n}}\n");

    let _ = writeln!(out, "/// The messages with values, one function each.\npub mod msg {{\n    #![allow(clippy::all, unused_imports)]\n    use super::{{Lang, plural}};\n    use std::fmt::Write as _;\n");
    for id in default.order.iter().filter(|id| !is_static(id)) {
        let mut params: Vec<String> = Vec::new();
        let mut seen = BTreeSet::new();
        let mut found = Vec::new();
        variables(&default.messages[id], &mut found);
        for (var, _) in found {
            if seen.insert(var.clone()) {
                let ty = match kinds.get(&(id.clone(), var.clone())) {
                    Some(VarKind::Number) => "i64",
                    Some(VarKind::Word) => "&str",
                    _ => "impl std::fmt::Display",
                };
                params.push(format!("{}: {ty}", snake(&var)));
            }
        }
        let _ = writeln!(out, "    pub fn {}(lang: Lang, {}) -> String {{\n        let mut s = String::new();\n        match lang {{", snake(id), params.join(", "));
        for (l, locale) in langs.iter().zip(locales) {
            let _ = writeln!(out, "            Lang::{l} => {{");
            body(&mut out, &locale.messages[id], 4);
            let _ = writeln!(out, "            }}");
        }
        let _ = writeln!(out, "        }}\n        s\n    }}\n");
    }
    out.push_str("}\n");
    out
}

fn body(out: &mut String, pieces: &[Piece], indent: usize) {
    let pad = "    ".repeat(indent);
    for p in pieces {
        match p {
            Piece::Text(t) => {
                let _ = writeln!(out, "{pad}s.push_str({t:?});");
            }
            Piece::Var(v) => {
                let _ = writeln!(out, "{pad}let _ = write!(s, \"{{}}\", {});", snake(v));
            }
            Piece::Select { var, variants, default } => {
                let v = snake(var);
                let by_word = variants.iter().any(|(k, _)| matches!(k, Key::Word(_)));
                if by_word {
                    let _ = writeln!(out, "{pad}match {v} {{");
                } else {
                    let _ = writeln!(out, "{pad}match ({v}, plural(lang, {v})) {{");
                }
                for (key, pieces) in variants {
                    let arm = match key {
                        Key::Word(w) => format!("{w:?}"),
                        Key::Number(n) => format!("({n}, _)"),
                        Key::Category(c) => format!("(_, intl_pluralrules::PluralCategory::{})", c.to_uppercase()),
                    };
                    let _ = writeln!(out, "{pad}    {arm} => {{");
                    body(out, pieces, indent + 2);
                    let _ = writeln!(out, "{pad}    }}");
                }
                let _ = writeln!(out, "{pad}    _ => {{");
                body(out, default, indent + 2);
                let _ = writeln!(out, "{pad}    }}\n{pad}}}");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn two(zh: &str, en: &str) -> Result<String, Vec<String>> {
        compile(&[Source { tag: "zh-CN", file: "zh-CN.ftl", text: zh }, Source { tag: "en", file: "en.ftl", text: en }])
    }

    #[test]
    fn a_message_missing_from_a_locale_fails() {
        let errors = two("sign-in = 登录\nsign-out = 退出\n", "sign-in = Sign in\n").expect_err("must be refused");
        assert_eq!(errors, ["en.ftl: message `sign-out` is missing (it is in zh-CN.ftl)"]);
    }

    #[test]
    fn a_misspelt_key_fails() {
        let errors = two("sign-in = 登录\n", "sign-in = Sign in\nsign-ni = Sign in\n").expect_err("must be refused");
        assert_eq!(errors, ["en.ftl: message `sign-ni` is not in zh-CN.ftl (misspelt, or add it there first)"]);
    }

    #[test]
    fn a_translation_must_use_the_same_values() {
        let errors = two("admitted = 第 { $rank } 名\n", "admitted = Admitted\n").expect_err("must be refused");
        assert_eq!(errors, ["en.ftl: `admitted` does not use $rank, which zh-CN.ftl does"]);
    }

    #[test]
    fn syntax_errors_name_the_line() {
        let errors = two("a = 一\nb = { $x\nc = 三\n", "a = one\nb = { $x }\nc = three\n").expect_err("must be refused");
        assert!(errors[0].starts_with("zh-CN.ftl:3: Expected"), "{errors:?}");
    }

    #[test]
    fn functions_and_attributes_are_refused() {
        assert!(two("a = { NUMBER($n) }\n", "a = { NUMBER($n) }\n").is_err());
        assert!(two("a = 一\n    .title = 二\n", "a = one\n    .title = two\n").is_err());
    }

    #[test]
    fn static_messages_become_constants_and_values_functions() {
        let code = two(
            "-brand = 蓓蕾\napp = { -brand }课后服务\nchildren = { $count } 个孩子\n",
            "-brand = Beilei\napp = { -brand } After-School\nchildren = { $count ->\n    [one] one child\n   *[other] { $count } children\n}\n",
        )
        .expect("compiles");
        assert!(code.contains("pub const App: M = M { id: \"app\", texts: &[\"蓓蕾课后服务\", \"Beilei After-School\"] };"), "{code}");
        assert!(code.contains("pub fn children(lang: Lang, count: i64) -> String"), "{code}");
        assert!(code.contains("PluralCategory::ONE"), "{code}");
    }

    #[test]
    fn words_select_text_values() {
        let code = two("w = { $season ->\n    [summer] 夏\n   *[winter] 冬\n}\n", "w = { $season ->\n    [summer] summer\n   *[winter] winter\n}\n").expect("compiles");
        assert!(code.contains("pub fn w(lang: Lang, season: &str) -> String"), "{code}");
    }
}
