//! Validation: every step of the form, each error addressed to its field.

use std::collections::BTreeMap;

use super::content::{ApplicationForm, PaymentMethod, RequestedDocument, Row, StepValues, reasons};
use super::errors::FieldError;
use super::frame::{
    BANK_ACCOUNT, EXISTING_LICENCE, FrameField, FrameKind, PAYMENT_ONLINE, PAYMENT_ORDER, applicant_fields, parse_id,
};
use super::steps::{WizardStep, wizard_steps};
use crate::catalog::{Field, FieldKind, RequestType, Section, Service, Step};
use crate::date::Date;
use crate::i18n::{Lang, Msg};
use crate::ids::{Bin, Iban, IdError, IdKind, Iin, Phone};
use crate::kinds::is_annex_number;
use crate::money::Tenge;

/// What validation needs from outside the form.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Context {
    /// Today in Almaty, for "not in the future".
    pub today: Date,
    /// The fee due, for checking a payment order's amount.
    pub fee: Option<Tenge>,
}

/// Collects errors.
struct Errors(Vec<FieldError>);

impl Errors {
    fn push(&mut self, e: FieldError) {
        self.0.push(e);
    }

    /// Free text: trimmed, no control characters, within limits.
    fn text(&mut self, path: &str, value: &str, required: bool, min_len: Option<u32>, max_len: u32) {
        let v = value.trim();
        if v.is_empty() {
            if required {
                self.push(FieldError::new(path, Msg::FieldRequired));
            }
            return;
        }
        if v.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t') {
            self.push(FieldError::new(path, Msg::FieldControlCharacters));
            return;
        }
        let n = v.chars().count();
        if n > max_len as usize {
            self.push(FieldError::new(path, Msg::FieldTooLong).arg("max", max_len));
        } else if let Some(min) = min_len.filter(|m| n < *m as usize) {
            self.push(FieldError::new(path, Msg::FieldTooShort).arg("min", min));
        }
    }

    /// An identifier of some kind.
    fn id<T>(&mut self, path: &str, value: &str, required: bool, kind: IdKind, parse: fn(&str) -> Result<T, IdError>) {
        if value.trim().is_empty() && !required {
            return;
        }
        if let Err(e) = parse(value) {
            self.push(FieldError::new(path, e.message(kind)));
        }
    }

    /// A date; returns it when valid.
    fn date(&mut self, path: &str, value: &str, required: bool, not_future: bool, today: Date) -> Option<Date> {
        if value.trim().is_empty() {
            if required {
                self.push(FieldError::new(path, Msg::FieldRequired));
            }
            return None;
        }
        match value.parse::<Date>() {
            Ok(d) if not_future && d > today => {
                self.push(FieldError::new(path, Msg::FieldDateFuture));
                None
            }
            Ok(d) => Some(d),
            Err(e) => {
                self.push(FieldError::new(path, e.message()));
                None
            }
        }
    }
}

fn path(step: &str, field: &str) -> String {
    format!("{step}.{field}")
}

fn row_path(step: &str, field: &str, row: usize) -> String {
    format!("{step}.{field}[{row}]")
}

/// Validates one step of the wizard.
pub fn validate_step(form: &ApplicationForm, service: &Service, step: &WizardStep, ctx: &Context) -> Vec<FieldError> {
    let mut e = Errors(Vec::new());
    match step {
        WizardStep::Request => request_step(&mut e, form, service, ctx),
        WizardStep::Applicant => applicant_step(&mut e, form, ctx),
        WizardStep::BankAccounts => bank_step(&mut e, form, ctx),
        WizardStep::Service(id) => {
            if let Some(s) = service.step(id) {
                service_step(&mut e, s, form.steps.get(id), ctx);
            }
        }
        WizardStep::Documents => {
            for d in service.documents_for(form.request_type) {
                if form.attachments.get(&d.id).is_none_or(Vec::is_empty) {
                    e.push(FieldError::new(path("documents", &d.id), Msg::DocumentMissing));
                }
            }
        }
        WizardStep::Check | WizardStep::Sign => {}
        WizardStep::Payment => payment_step(&mut e, form, ctx),
    }
    e.0
}

/// Validates the whole application: every step it has, in order.
///
/// ```
/// use shared::{catalog::{catalog, ApplicantKind, RequestType}, form::*, date::Date};
/// let s = catalog().service("security").expect("a service");
/// let form = ApplicationForm::new("security", RequestType::Duplicate, ApplicantKind::Le);
/// let ctx = Context { today: Date::from_ymd(2026, 11, 22).expect("a date"), fee: None };
/// let errors = validate(&form, s, &ctx);
/// assert!(errors.iter().any(|e| e.path == "applicant.bin"));
/// assert!(errors.iter().any(|e| e.path == "request.existing_licence"));
/// ```
pub fn validate(form: &ApplicationForm, service: &Service, ctx: &Context) -> Vec<FieldError> {
    let mut all = Vec::new();
    if form.service != service.code {
        all.push(FieldError::new("request.service", Msg::FormWrongService));
        return all;
    }
    if !service.request_types.contains(&form.request_type) {
        all.push(FieldError::new("request.request_type", Msg::FormRequestTypeNotOffered));
    }
    if !service.applicants.contains(&form.applicant.kind) {
        all.push(FieldError::new("applicant.kind", Msg::FormApplicantKindNotAllowed));
    }
    for step in wizard_steps(service, form.request_type) {
        all.extend(validate_step(form, service, &step, ctx));
    }
    all
}

fn request_step(e: &mut Errors, form: &ApplicationForm, service: &Service, ctx: &Context) {
    let annex = form.request.document == RequestedDocument::Annex;
    if annex && (!service.annex || form.request_type == RequestType::Reregistration) {
        // An annex is issued or duplicated; a re-registration is the
        // licence's, which keeps its annexes.
        e.push(FieldError::new("request.document", Msg::RequestAnnexNotOffered));
    }
    if form.request_type.needs_existing_licence() || annex {
        frame_field(
            e,
            &EXISTING_LICENCE,
            EXISTING_LICENCE.path,
            &form.request.existing_licence,
            ctx,
        );
        // A duplicate of an annex names the annex; anything else names
        // the licence.
        let number = form.request.existing_licence.trim();
        let of_annex = annex && form.request_type == RequestType::Duplicate;
        if !number.is_empty() && is_annex_number(number) != of_annex {
            let msg = if of_annex {
                Msg::RequestNumberNotAnnex
            } else {
                Msg::RequestNumberNotLicence
            };
            e.push(FieldError::new(EXISTING_LICENCE.path, msg));
        }
    }
    let options = reasons(form.request_type);
    if !options.is_empty() && !options.iter().any(|(v, _)| *v == form.request.reason) {
        e.push(FieldError::new("request.reason", Msg::FieldChooseOne));
    }
}

/// A frame field's value checked as the table describes it; a valid date
/// is returned for rules across fields.
fn frame_field(e: &mut Errors, f: &FrameField, path: &str, value: &str, ctx: &Context) -> Option<Date> {
    match f.kind {
        FrameKind::Text { .. } => e.text(path, value, f.required, None, f.max_len),
        FrameKind::Id(kind) => {
            if (f.required || !value.trim().is_empty())
                && let Err(err) = parse_id(kind, value)
            {
                e.push(FieldError::new(path, err.message(kind)));
            }
        }
        FrameKind::Okpo => {
            let v = value.trim();
            if !v.is_empty() && (v.len() != 8 || !v.bytes().all(|b| b.is_ascii_digit())) {
                e.push(FieldError::new(path, Msg::FieldOkpo));
            }
        }
        FrameKind::PastDate => return e.date(path, value, f.required, true, ctx.today),
        FrameKind::Choice(list) => {
            let v = value.trim();
            if v.is_empty() {
                if f.required {
                    e.push(FieldError::new(path, Msg::FieldChooseOne));
                }
            } else if list.label(v, Lang::En).is_none() {
                e.push(FieldError::new(path, Msg::FieldChooseFromList));
            }
        }
        FrameKind::Amount => match value.parse::<Tenge>() {
            Err(err) => e.push(FieldError::new(path, err.message())),
            Ok(paid) => {
                if let Some(fee) = ctx.fee.filter(|fee| *fee != paid) {
                    e.push(FieldError::new(path, Msg::PaymentAmountMismatch).arg("fee", fee));
                }
            }
        },
    }
    None
}

fn applicant_step(e: &mut Errors, form: &ApplicationForm, ctx: &Context) {
    let mut dates = BTreeMap::new();
    for f in applicant_fields(form.applicant.kind) {
        if let Some(date) = frame_field(e, f, f.path, &form.value(f.path), ctx) {
            dates.insert(f.path, date);
        }
    }
    // An entity's data cannot have changed before it was registered.
    let (registered, changed) = ("applicant.registration_date", "applicant.last_change_date");
    if let (Some(r), Some(c)) = (dates.get(registered), dates.get(changed))
        && c < r
    {
        e.push(FieldError::new(changed, Msg::FieldDateAfter).arg("other", registered));
    }
}

fn bank_step(e: &mut Errors, form: &ApplicationForm, ctx: &Context) {
    let rows: Vec<_> = form
        .bank_accounts
        .iter()
        .enumerate()
        .filter(|(_, r)| {
            !(r.iban.trim().is_empty() && r.bank_name.trim().is_empty() && r.bank_location.trim().is_empty())
        })
        .collect();
    if rows.is_empty() {
        e.push(FieldError::new("bank-accounts.iban[0]", Msg::BankAccountsMin));
        return;
    }
    let mut seen = BTreeMap::new();
    for (i, r) in rows {
        for f in BANK_ACCOUNT {
            let path = format!("{}[{i}]", f.path);
            frame_field(e, f, &path, &form.value(&path), ctx);
            if f.kind == FrameKind::Id(IdKind::Iban)
                && let Ok(iban) = r.iban.parse::<Iban>()
                && let Some(first) = seen.insert(iban, i)
            {
                e.push(FieldError::new(path, Msg::BankAccountDuplicate).arg("row", first + 1));
            }
        }
    }
}

fn row_is_empty(row: &Row) -> bool {
    row.values().all(|v| v.trim().is_empty())
}

fn section_started(values: Option<&Vec<Row>>) -> bool {
    values.is_some_and(|rows| rows.iter().any(|r| !row_is_empty(r)))
}

fn service_step(e: &mut Errors, step: &Step, values: Option<&StepValues>, ctx: &Context) {
    let get = |section: &str| values.and_then(|v| v.get(section));
    for section in &step.sections {
        let rows = get(&section.id);
        let alternative = step.is_alternative(&section.id);
        if alternative && !section_started(rows) {
            continue;
        }
        section_rows(e, &step.id, section, rows.map(Vec::as_slice).unwrap_or_default(), ctx);
    }
    if !step.alternatives.is_empty() {
        let complete = step
            .alternatives
            .iter()
            .any(|group| group.iter().all(|s| section_started(get(s))));
        if !complete {
            let first = step.alternatives.iter().flatten().next().cloned().unwrap_or_default();
            let first_field = step
                .section(&first)
                .and_then(|s| s.fields.first())
                .map(|f| f.id.clone())
                .unwrap_or_default();
            e.push(FieldError::new(
                row_path(&step.id, &format!("{first}.{first_field}"), 0),
                Msg::FieldAlternatives,
            ));
        }
    }
}

fn section_rows(e: &mut Errors, step: &str, section: &Section, rows: &[Row], ctx: &Context) {
    let non_empty: Vec<(usize, &Row)> = rows.iter().enumerate().filter(|(_, r)| !row_is_empty(r)).collect();
    let (min, max) = match section.repeatable {
        Some(r) => (r.min as usize, r.max as usize),
        None => (1, 1),
    };
    let first_field = section.fields.first().map(|f| f.id.as_str()).unwrap_or_default();
    if non_empty.len() > max {
        e.push(
            FieldError::new(
                row_path(step, &format!("{}.{first_field}", section.id), max),
                Msg::RowsTooMany,
            )
            .arg("max", max),
        );
    }
    if section.repeatable.is_some() && non_empty.len() < min {
        let at = row_path(step, &format!("{}.{first_field}", section.id), non_empty.len());
        e.push(FieldError::new(at, Msg::RowsTooFew).arg("min", min));
        if non_empty.is_empty() {
            return;
        }
    }
    let empty = Row::new();
    let checked: Vec<(usize, &Row)> = if non_empty.is_empty() {
        vec![(0, &empty)]
    } else {
        non_empty
    };
    for (i, row) in checked {
        for f in &section.fields {
            let value = row.get(&f.id).map(String::as_str).unwrap_or_default();
            let p = row_path(step, &format!("{}.{}", section.id, f.id), i);
            field(e, &p, f, value, row, ctx);
        }
    }
}

fn field(e: &mut Errors, p: &str, f: &Field, value: &str, row: &Row, ctx: &Context) {
    match f.kind {
        FieldKind::Text => e.text(p, value, f.required, f.min_len, f.max_len.unwrap_or(250)),
        FieldKind::Iin => e.id(p, value, f.required, IdKind::Iin, |s| s.parse::<Iin>()),
        FieldKind::Bin => e.id(p, value, f.required, IdKind::Bin, |s| s.parse::<Bin>()),
        FieldKind::Iban => e.id(p, value, f.required, IdKind::Iban, |s| s.parse::<Iban>()),
        FieldKind::Phone => e.id(p, value, f.required, IdKind::Phone, |s| s.parse::<Phone>()),
        FieldKind::File => {
            let ok = value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit());
            if value.is_empty() && f.required {
                e.push(FieldError::new(p, Msg::FieldRequired));
            } else if !value.is_empty() && !ok {
                e.push(FieldError::new(p, Msg::DocumentMissing));
            }
        }
        FieldKind::Choice => {
            if value.trim().is_empty() {
                if f.required {
                    e.push(FieldError::new(p, Msg::FieldChooseOne));
                }
            } else if !f.options.iter().any(|o| o.value == value) {
                e.push(FieldError::new(p, Msg::FieldChooseOne));
            }
        }
        FieldKind::Number => {
            let v = value.trim();
            if v.is_empty() {
                if f.required {
                    e.push(FieldError::new(p, Msg::FieldRequired));
                }
                return;
            }
            match v.parse::<i64>() {
                Ok(n) if f.min.is_some_and(|m| n < m) || f.max.is_some_and(|m| n > m) => {
                    e.push(
                        FieldError::new(p, Msg::FieldNumberRange)
                            .arg("min", f.min.unwrap_or(0))
                            .arg("max", f.max.unwrap_or(i64::MAX)),
                    );
                }
                Ok(_) => {}
                Err(_) => e.push(FieldError::new(p, Msg::FieldNumber)),
            }
        }
        FieldKind::Date => {
            let Some(d) = e.date(p, value, f.required, f.not_future, ctx.today) else {
                return;
            };
            if let Some(other) = &f.after
                && let Some(o) = row.get(other).and_then(|s| s.parse::<Date>().ok())
                && d <= o
            {
                let other_path = p.replacen(&format!(".{}[", f.id), &format!(".{other}["), 1);
                e.push(FieldError::new(p, Msg::FieldDateAfter).arg("other", other_path));
            }
        }
    }
}

fn payment_step(e: &mut Errors, form: &ApplicationForm, ctx: &Context) {
    match form.payment.method {
        None => e.push(FieldError::new("payment.method", Msg::PaymentMethodMissing)),
        Some(PaymentMethod::Online) => {
            for f in PAYMENT_ONLINE {
                frame_field(e, f, f.path, &form.value(f.path), ctx);
            }
        }
        Some(PaymentMethod::Order) => {
            for f in PAYMENT_ORDER {
                frame_field(e, f, f.path, &form.value(f.path), ctx);
            }
            if form.payment.order.scan.trim().is_empty() {
                e.push(FieldError::new("payment.scan", Msg::PaymentScanMissing));
            }
        }
    }
}
