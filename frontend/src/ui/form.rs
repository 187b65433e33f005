//! Form building blocks in the GOV.UK pattern: a label, a hint, the error
//! beside the field, and an error summary that takes focus and links to the
//! fields.

use leptos::html;
use leptos::prelude::*;
use shared::form::Chooser;
use shared::i18n::Text;
use shared::i18n::{Lang, Msg};

use crate::i18n::use_lang;

/// A label from the translations or from the catalogue.
#[derive(Clone, Copy, Debug)]
pub enum Label {
    /// A translated message.
    Msg(Msg),
    /// A catalogue text.
    Text(&'static Text),
}

impl Label {
    /// The text in a language.
    pub fn get(self, lang: Lang) -> String {
        match self {
            Label::Msg(m) => m.text(lang).to_owned(),
            Label::Text(t) => t.get(lang).to_owned(),
        }
    }
}

/// How a field is typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// One line of text.
    Text,
    /// Several lines.
    Multiline,
    /// A date (`YYYY-MM-DD`).
    Date,
    /// Digits, with a numeric keypad on phones.
    Digits,
    /// A number.
    Number,
    /// A phone number.
    Tel,
    /// An email address.
    Email,
    /// A password.
    Password,
    /// A key chosen from a list of the data.
    Choose(Chooser),
}

/// The DOM id of a field at a path.
pub fn dom_id(path: &str) -> String {
    let mut id = String::from("f-");
    for c in path.chars() {
        id.push(if c.is_ascii_alphanumeric() { c } else { '-' });
    }
    id.trim_end_matches('-').to_owned()
}

/// What a text field needs.
pub struct FieldProps {
    /// Its path (and so its id).
    pub path: String,
    /// Its label.
    pub label: Label,
    /// Help under the label.
    pub hint: Option<Label>,
    /// How it is typed.
    pub input: Input,
    /// Whether it may be left empty.
    pub optional: bool,
    /// Most characters.
    pub max_len: Option<u32>,
    /// The browser's autofill name.
    pub autocomplete: &'static str,
}

/// A text field bound to a value, reporting input and leaving.
#[component]
pub fn TextField<I, L>(
    /// What the field is.
    p: FieldProps,
    /// What is typed.
    value: Signal<String>,
    /// Its error, shown beside it.
    error: Signal<Option<String>>,
    /// Told each change.
    on_input: I,
    /// Told when the field is left.
    on_leave: L,
) -> impl IntoView
where
    I: Fn(String) + 'static,
    L: Fn() + 'static,
{
    let lang = use_lang();
    let id = dom_id(&p.path);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let label = p.label;
    let hint = p.hint;
    let described = {
        let hint_id = hint_id.clone();
        let error_id = error_id.clone();
        move || {
            let mut parts = Vec::new();
            if hint.is_some() {
                parts.push(hint_id.clone());
            }
            if error.with(Option::is_some) {
                parts.push(error_id.clone());
            }
            parts.join(" ")
        }
    };
    let (kind, mode) = match p.input {
        Input::Text | Input::Multiline => ("text", "text"),
        Input::Date => ("date", "text"),
        Input::Digits => ("text", "numeric"),
        Input::Number => ("text", "decimal"),
        Input::Tel => ("tel", "tel"),
        Input::Email => ("email", "email"),
        Input::Password => ("password", "text"),
        Input::Choose(_) => ("text", "text"),
    };
    let on_input = std::rc::Rc::new(on_input);
    let on_leave = std::rc::Rc::new(on_leave);
    let control = if let Input::Choose(list) = p.input {
        let (on_input, on_leave) = (on_input.clone(), on_leave.clone());
        // The options follow the language; the one chosen stays chosen.
        let options = move || {
            let chosen = value.get();
            let l = lang.get();
            let mut all =
                vec![view! { <option value="" selected=chosen.is_empty()>{Msg::CommonChooseValue.text(l)}</option> }];
            all.extend(list.options(l).into_iter().map(|(key, label)| {
                let selected = key == chosen;
                view! { <option value=key selected=selected>{label}</option> }
            }));
            all
        };
        view! {
            <select
                id=id.clone()
                name=p.path.clone()
                class="rq-select rq-select--wide"
                class:rq-input--error=move || error.with(Option::is_some)
                aria-describedby=described.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get()
                on:change=move |ev| {
                    on_input(event_target_value(&ev));
                    on_leave();
                }
            >{options}</select>
        }
        .into_any()
    } else if p.input == Input::Multiline {
        let (on_input, on_leave) = (on_input.clone(), on_leave.clone());
        view! {
            <textarea
                id=id.clone()
                name=p.path.clone()
                class="rq-input rq-textarea"
                class:rq-input--error=move || error.with(Option::is_some)
                rows="4"
                maxlength=p.max_len.map(|m| m.to_string())
                aria-describedby=described.clone()
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get()
                on:input=move |ev| on_input(event_target_value(&ev))
                on:blur=move |_| on_leave()
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id.clone()
                name=p.path.clone()
                type=kind
                inputmode=mode
                class="rq-input"
                class:rq-input--error=move || error.with(Option::is_some)
                class:rq-input--short=matches!(p.input, Input::Digits | Input::Date | Input::Number | Input::Tel)
                maxlength=p.max_len.map(|m| m.to_string())
                autocomplete=p.autocomplete
                spellcheck="false"
                aria-describedby=described
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || value.get()
                on:input=move |ev| on_input(event_target_value(&ev))
                on:blur=move |_| on_leave()
            />
        }
        .into_any()
    };
    view! {
        <div class="rq-form-group" class:rq-form-group--error=move || error.with(Option::is_some)>
            <label class="rq-label" for=id.clone()>
                {move || label.get(lang.get())}
                {p.optional.then(|| view! { " " <span class="rq-optional">{move || Msg::CommonOptional.text(lang.get())}</span> })}
            </label>
            {hint.map(|h| view! { <div class="rq-hint" id=hint_id.clone()>{move || h.get(lang.get())}</div> })}
            {move || error.get().map(|e| view! { <p class="rq-error-message" id=error_id.clone()>{e}</p> })}
            {control}
        </div>
    }
}

/// The password asked for again before a certificate is issued: a
/// certificate signs in its holder's name. What is typed stays when the
/// request is refused.
#[component]
pub fn PasswordAgain(
    /// The password typed.
    value: RwSignal<String>,
    /// Its error, shown beside it.
    error: Signal<Option<String>>,
) -> impl IntoView {
    let p = FieldProps {
        path: "certificate.password".to_owned(),
        label: Label::Msg(Msg::CertPassword),
        hint: Some(Label::Msg(Msg::CertPasswordHint)),
        input: Input::Password,
        optional: false,
        max_len: None,
        autocomplete: "current-password",
    };
    view! { <TextField p=p value=value.into() error=error on_input=move |v| value.set(v) on_leave=|| {}/> }
}

/// Radio buttons for one choice.
#[component]
pub fn Radios<F>(
    /// The choice's path (and so the group's id).
    path: String,
    /// The question.
    legend: Label,
    /// Each option's value and label.
    options: Vec<(String, Label)>,
    /// The value chosen.
    value: Signal<String>,
    /// Its error, shown above the options.
    error: Signal<Option<String>>,
    /// Told the value chosen.
    on_change: F,
) -> impl IntoView
where
    F: Fn(String) + Clone + 'static,
{
    let lang = use_lang();
    let id = dom_id(&path);
    let name = path.clone();
    view! {
        <div class="rq-form-group" class:rq-form-group--error=move || error.with(Option::is_some)>
            <fieldset class="rq-fieldset" id=id.clone()>
                <legend class="rq-fieldset__legend">{move || legend.get(lang.get())}</legend>
                {move || error.get().map(|e| view! { <p class="rq-error-message">{e}</p> })}
                <div class="rq-radios">
                    {options
                        .into_iter()
                        .enumerate()
                        .map(|(i, (v, label))| {
                            let input_id = if i == 0 { id.clone() + "-0" } else { format!("{id}-{i}") };
                            let checked = {
                                let v = v.clone();
                                move || value.get() == v
                            };
                            let on_change = on_change.clone();
                            view! {
                                <div class="rq-radios__item">
                                    <input
                                        class="rq-radios__input"
                                        type="radio"
                                        id=input_id.clone()
                                        name=name.clone()
                                        value=v.clone()
                                        prop:checked=checked
                                        on:change=move |_| on_change(v.clone())
                                    />
                                    <label class="rq-radios__label" for=input_id>{move || label.get(lang.get())}</label>
                                </div>
                            }
                        })
                        .collect_view()}
                </div>
            </fieldset>
        </div>
    }
}

/// The error summary: shown when there are errors, focused when `focus`
/// changes, each error a link to its field.
#[component]
pub fn ErrorSummary(
    /// Each error's path and message.
    errors: Signal<Vec<(String, String)>>,
    /// Focus moves to the summary when this changes.
    focus: ReadSignal<u32>,
) -> impl IntoView {
    let lang = use_lang();
    let node: NodeRef<html::Div> = NodeRef::new();
    Effect::new(move |_| {
        if focus.get() > 0
            && let Some(el) = node.get()
        {
            let _ = el.focus();
            el.scroll_into_view();
        }
    });
    view! {
        <div
            class="rq-error-summary"
            class:rq-hidden=move || errors.with(Vec::is_empty)
            node_ref=node
            tabindex="-1"
            role="alert"
            aria-labelledby="error-summary-title"
        >
            <h2 class="rq-error-summary__title" id="error-summary-title">{move || Msg::CommonErrorSummary.text(lang.get())}</h2>
            <ul class="rq-error-summary__list">
                {move || {
                    errors
                        .get()
                        .into_iter()
                        .map(|(path, text)| {
                            let href = format!("#{}", dom_id(&path));
                            view! {
                                <li>
                                    <a
                                        href=href
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            focus_field(&path);
                                        }
                                    >
                                        {text}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </div>
    }
}

/// Moves focus to a field (or the first input of a group) by path.
pub fn focus_field(path: &str) {
    let id = dom_id(path);
    let doc = document();
    let el = doc
        .get_element_by_id(&id)
        .or_else(|| doc.get_element_by_id(&format!("{id}-0")));
    if let Some(el) = el {
        use wasm_bindgen::JsCast as _;
        if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// A banner for a problem that is not a field's.
#[component]
pub fn Notice(
    /// The message, when there is one.
    text: Signal<Option<String>>,
    /// `error`, `info` or `success`.
    kind: &'static str,
) -> impl IntoView {
    move || {
        text.get().map(|t| {
            view! { <div class=format!("rq-notice rq-notice--{kind}") role="status">{t}</div> }
        })
    }
}
