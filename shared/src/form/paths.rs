//! Reading and writing a form's field by its path (`applicant.iin`,
//! `bank-accounts.iban[1]`, `base.tech_passport.area[0]`).

use super::content::{ApplicationForm, BankAccount, Row};
use crate::catalog::ApplicantKind;

/// A field path without its row, and the row (0 when none): `a.b[2]` → (`a.b`, 2).
pub fn split_path(path: &str) -> (&str, usize) {
    match path.split_once('[') {
        Some((bare, rest)) => (bare, rest.trim_end_matches(']').parse().unwrap_or(0)),
        None => (path, 0),
    }
}

/// The frame's own fields by path, for reading (`&`) or writing (`&mut`).
macro_rules! frame_slot {
    ($form:expr, $bare:expr, $row:expr, $($r:tt)+) => {{
        let f = $form;
        match $bare {
            "request.existing_licence" => Some($($r)+ f.request.existing_licence),
            "request.reason" => Some($($r)+ f.request.reason),
            "applicant.iin" => Some($($r)+ f.applicant.ie.iin),
            "applicant.surname" => Some($($r)+ f.applicant.ie.surname),
            "applicant.given_name" => Some($($r)+ f.applicant.ie.given_name),
            "applicant.patronymic" => Some($($r)+ f.applicant.ie.patronymic),
            "applicant.ie_name" => Some($($r)+ f.applicant.ie.ie_name),
            "applicant.activity" => Some($($r)+ f.applicant.ie.activity),
            "applicant.rnn" if f.applicant.kind == ApplicantKind::Ie => Some($($r)+ f.applicant.ie.rnn),
            "applicant.rnn" => Some($($r)+ f.applicant.le.rnn),
            "applicant.certificate_series" if f.applicant.kind == ApplicantKind::Ie => {
                Some($($r)+ f.applicant.ie.certificate_series)
            }
            "applicant.certificate_series" => Some($($r)+ f.applicant.le.certificate_series),
            "applicant.certificate_number" if f.applicant.kind == ApplicantKind::Ie => {
                Some($($r)+ f.applicant.ie.certificate_number)
            }
            "applicant.certificate_number" => Some($($r)+ f.applicant.le.certificate_number),
            "applicant.bin" => Some($($r)+ f.applicant.le.bin),
            "applicant.org_form" => Some($($r)+ f.applicant.le.org_form),
            "applicant.representative_name" => Some($($r)+ f.applicant.le.representative_name),
            "applicant.representative_position" => Some($($r)+ f.applicant.le.representative_position),
            "applicant.full_name" => Some($($r)+ f.applicant.le.full_name),
            "applicant.okpo" => Some($($r)+ f.applicant.le.okpo),
            "applicant.status" => Some($($r)+ f.applicant.le.status),
            "applicant.legal_form" => Some($($r)+ f.applicant.le.legal_form),
            "applicant.registration_date" => Some($($r)+ f.applicant.le.registration_date),
            "applicant.last_change_date" => Some($($r)+ f.applicant.le.last_change_date),
            "applicant.postal_index" => Some($($r)+ f.applicant.address.postal_index),
            "applicant.locality" => Some($($r)+ f.applicant.address.locality),
            "applicant.street" => Some($($r)+ f.applicant.address.street),
            "applicant.house" => Some($($r)+ f.applicant.address.house),
            "applicant.flat" => Some($($r)+ f.applicant.address.flat),
            "applicant.phone" => Some($($r)+ f.applicant.address.phone),
            "bank-accounts.iban" => ($($r)+ f.bank_accounts).get_row($row).map(|a| $($r)+ a.iban),
            "bank-accounts.bank_name" => ($($r)+ f.bank_accounts).get_row($row).map(|a| $($r)+ a.bank_name),
            "bank-accounts.bank_location" => ($($r)+ f.bank_accounts).get_row($row).map(|a| $($r)+ a.bank_location),
            "payment.amount" => Some($($r)+ f.payment.order.amount),
            "payment.document_number" => Some($($r)+ f.payment.order.document_number),
            "payment.document_date" => Some($($r)+ f.payment.order.document_date),
            "payment.bank" => Some($($r)+ f.payment.order.bank),
            "payment.tax_authority" => Some($($r)+ f.payment.order.tax_authority),
            "payment.beneficiary" => Some($($r)+ f.payment.beneficiary),
            _ => None,
        }
    }};
}

/// `get` for shared and exclusive slices alike, so one macro serves both.
trait GetRow {
    type Item;
    fn get_row(self, i: usize) -> Option<Self::Item>;
}

impl<'a, T> GetRow for &'a Vec<T> {
    type Item = &'a T;
    fn get_row(self, i: usize) -> Option<&'a T> {
        self.get(i)
    }
}

impl<'a, T> GetRow for &'a mut Vec<T> {
    type Item = &'a mut T;
    fn get_row(self, i: usize) -> Option<&'a mut T> {
        self.get_mut(i)
    }
}

impl ApplicationForm {
    /// What was typed at a path (`applicant.iin`, `bank-accounts.iban[1]`,
    /// `base.tech_passport.area[0]`); empty when nothing was.
    ///
    /// ```
    /// use shared::{catalog::{ApplicantKind, RequestType}, form::ApplicationForm};
    /// let mut f = ApplicationForm::new("passenger-transport", RequestType::Issuance, ApplicantKind::Ie);
    /// f.set_value("bank-accounts.iban[2]", "KZ86125KZT5004100100");
    /// f.set_value("base.tech_passport.area[0]", "120");
    /// assert_eq!(f.value("bank-accounts.iban[2]"), "KZ86125KZT5004100100");
    /// assert_eq!(f.bank_accounts.len(), 3);
    /// assert_eq!(f.value("base.tech_passport.area"), "120");
    /// assert_eq!(f.value("applicant.iin"), "");
    /// ```
    pub fn value(&self, path: &str) -> String {
        let (bare, row) = split_path(path);
        if let Some(v) = frame_slot!(self, bare, row, &) {
            return v.clone();
        }
        let mut parts = bare.splitn(3, '.');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(step), Some(section), Some(field)) => self
                .steps
                .get(step)
                .and_then(|s| s.get(section))
                .and_then(|rows| rows.get(row))
                .and_then(|r| r.get(field))
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    /// Sets what is typed at a path, adding rows as needed.
    pub fn set_value(&mut self, path: &str, value: &str) {
        let (bare, row) = split_path(path);
        if bare.starts_with("bank-accounts.") {
            while self.bank_accounts.len() <= row {
                self.bank_accounts.push(BankAccount::default());
            }
        }
        if let Some(slot) = frame_slot!(&mut *self, bare, row, &mut) {
            value.clone_into(slot);
            return;
        }
        let mut parts = bare.splitn(3, '.');
        if let (Some(step), Some(section), Some(field)) = (parts.next(), parts.next(), parts.next()) {
            let rows = self
                .steps
                .entry(step.to_owned())
                .or_default()
                .entry(section.to_owned())
                .or_default();
            while rows.len() <= row {
                rows.push(Row::new());
            }
            rows[row].insert(field.to_owned(), value.to_owned());
        }
    }

    /// The rows of a service section (at least one to show).
    pub fn rows(&self, step: &str, section: &str) -> usize {
        self.steps.get(step).and_then(|s| s.get(section)).map_or(0, Vec::len)
    }

    /// Removes a row of a service section, or of the bank accounts.
    pub fn remove_row(&mut self, step: &str, section: &str, row: usize) {
        if step == "bank-accounts" {
            if row < self.bank_accounts.len() {
                self.bank_accounts.remove(row);
            }
        } else if let Some(rows) = self.steps.get_mut(step).and_then(|s| s.get_mut(section))
            && row < rows.len()
        {
            rows.remove(row);
        }
    }
}
