//! Who applies for the applicant, by what power (checked in the notary
//! register), and the applicant's written consent with its scan.

use leptos::prelude::*;
use shared::desk::{CONSENT, POWER_OF_ATTORNEY, PowerOfAttorney, Representative};
use shared::form::FieldError;
use shared::i18n::Msg;

use super::state::Desk;
use crate::i18n::{t, use_lang};
use crate::staff::field_error;
use crate::ui::application::steps::upload_control;
use crate::ui::form::Label;
use crate::ui::format::now;

fn input(
    id: &'static str,
    label: Msg,
    value: RwSignal<String>,
    errors: RwSignal<Vec<FieldError>>,
    kind: &'static str,
) -> impl IntoView {
    view! {
        <div class="rq-field">
            <label class="rq-label" for=id>{t(label)}</label>
            <input class="rq-input" id=id name=id type=kind autocomplete="off"
                prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev))/>
            {field_error(errors, id)}
        </div>
    }
}

/// The representative and their power of attorney: kept as typed whatever
/// the register answers.
pub(super) fn representative(desk: Desk) -> impl IntoView {
    let lang = use_lang();
    let kept = desk
        .intake
        .with_untracked(|i| i.as_ref().and_then(|i| i.representative.clone()));
    let (number0, date0, notary0) = match kept.as_ref().map(|r| &r.power) {
        Some(PowerOfAttorney::Notarised { number, date, notary }) => (number.clone(), date.clone(), notary.clone()),
        _ => Default::default(),
    };
    let iin = RwSignal::new(kept.as_ref().map(|r| r.iin.clone()).unwrap_or_default());
    let name = RwSignal::new(kept.as_ref().map(|r| r.name.clone()).unwrap_or_default());
    let notarised = RwSignal::new(!matches!(
        kept.as_ref().map(|r| &r.power),
        Some(PowerOfAttorney::Certified)
    ));
    let number = RwSignal::new(number0);
    let date = RwSignal::new(date0);
    let notary = RwSignal::new(notary0);
    let has = Memo::new(move |_| {
        desk.intake
            .with(|i| i.as_ref().is_some_and(|i| i.representative.is_some()))
    });
    let check = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let power = if notarised.get_untracked() {
            PowerOfAttorney::Notarised {
                number: number.get_untracked(),
                date: date.get_untracked(),
                notary: notary.get_untracked(),
            }
        } else {
            PowerOfAttorney::Certified
        };
        let r = Representative {
            iin: iin.get_untracked(),
            name: name.get_untracked(),
            power,
        };
        let local = r.errors(now().local_date());
        if !local.is_empty() {
            desk.errors.set(local);
            return;
        }
        desk.run("PUT", "/representative", Some(Some(r)));
    };
    let errors = desk.errors;
    view! {
        <form class="rq-panel" data-form="representative" on:submit=check novalidate>
            <h2 class="rq-heading-m">{t(Msg::StaffDeskRepresentative)}</h2>
            <p class="rq-hint">{t(Msg::StaffDeskRepresentativeHint)}</p>
            {input("representative.iin", Msg::StaffDeskRepresentativeIin, iin, errors, "text")}
            {input("representative.name", Msg::StaffDeskRepresentativeName, name, errors, "text")}
            <fieldset class="rq-fieldset">
                <legend class="rq-fieldset__legend">{t(Msg::StaffDeskPoa)}</legend>
                <div class="rq-radios rq-radios--inline">
                    <div class="rq-radios__item">
                        <input class="rq-radios__input" type="radio" id="poa-notarised" name="poa" prop:checked=move || notarised.get() on:change=move |_| notarised.set(true)/>
                        <label class="rq-radios__label" for="poa-notarised">{t(Msg::StaffDeskPoaNotarised)}</label>
                    </div>
                    <div class="rq-radios__item">
                        <input class="rq-radios__input" type="radio" id="poa-certified" name="poa" prop:checked=move || !notarised.get() on:change=move |_| notarised.set(false)/>
                        <label class="rq-radios__label" for="poa-certified">{t(Msg::StaffDeskPoaCertified)}</label>
                    </div>
                </div>
            </fieldset>
            <div class:rq-hidden=move || !notarised.get()>
                {input("representative.power.number", Msg::StaffDeskPoaNumber, number, errors, "text")}
                {input("representative.power.date", Msg::StaffDeskPoaDate, date, errors, "date")}
                {input("representative.power.notary", Msg::StaffDeskPoaNotary, notary, errors, "text")}
            </div>
            {move || has.get().then(|| view! { <p class="rq-notice rq-notice--success" data-poa="checked">{Msg::StaffDeskPoaChecked.text(lang.get())}</p> })}
            <button type="submit" class="rq-button rq-button--secondary" data-action="check-power" disabled=move || desk.busy.get()>{t(Msg::StaffDeskPoaCheck)}</button>
            {move || has.get().then(|| view! {
                <button type="button" class="rq-button rq-button--secondary" data-action="no-representative"
                    on:click={move |_| desk.run::<Option<Representative>>("PUT", "/representative", Some(None))}>
                    {t(Msg::StaffDeskPoaRemove)}
                </button>
            })}
        </form>
        {move || (has.get()).then(|| desk.wizard.get().map(|w| view! {
            <div class="rq-panel">{upload_control(w, POWER_OF_ATTORNEY.into(), Label::Msg(Msg::StaffDeskPoa))}{field_error(errors, "documents.power-of-attorney")}</div>
        }))}
    }
}

/// The written consent: its scan, then the record, which lets the
/// register's data fill the form (seed 001:141).
pub(super) fn consent(desk: Desk) -> impl IntoView {
    let lang = use_lang();
    let given = Memo::new(move |_| {
        desk.intake.with(|i| {
            i.as_ref()
                .and_then(|i| i.consent.as_ref().map(|c| (c.at, c.by.clone())))
        })
    });
    // The consent's scan goes up before the form opens: an editor over the
    // application for its upload control alone.
    let scan_editor = desk.intake.with_untracked(|i| {
        i.as_ref().map(|v| {
            let api = crate::ui::application::Endpoints {
                form: desk.url("/application"),
                attachments: desk.url("/attachments"),
                files: None,
            };
            crate::ui::application::open(v.application.clone(), api)
        })
    });
    view! {
        <section class="rq-panel" data-panel="consent">
            <h2 class="rq-heading-m">{t(Msg::StaffDeskConsent)}</h2>
            {move || match given.get() {
                Some((at, by)) => view! {
                    <p class="rq-notice rq-notice--success" data-consent="given">
                        {Msg::StaffDeskConsentGiven.text(lang.get())} ": " {by} ", " {crate::ui::format::format_time(shared::calendar::Timestamp::from_unix(at))}
                    </p>
                }.into_any(),
                None => view! {
                    <p class="rq-hint">{t(Msg::StaffDeskConsentHint)}</p>
                    {scan_editor.map(|w| upload_control(w, CONSENT.into(), Label::Msg(Msg::StaffDeskConsent)))}
                    {field_error(desk.errors, "documents.consent")}
                    <button type="button" class="rq-button" data-action="record-consent" disabled=move || desk.busy.get()
                        on:click={move |_| desk.run::<()>("POST", "/consent", None)}>
                        {t(Msg::StaffDeskConsentRecord)}
                    </button>
                }.into_any(),
            }}
        </section>
    }
}
