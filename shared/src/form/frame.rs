//! The application frame's own fields — the existing licence, who applies,
//! the address, the bank accounts and a payment order — each described once: its path,
//! label, kind, whether it is required, its longest value and the browser's
//! autocomplete token. Validation, the labels, the wizard's inputs and
//! check-your-answers all read this table, as they read the catalogue for a
//! service's own fields, so the page's "(optional)" or `maxlength` and the
//! server's rule cannot drift apart. The limits are the seed 000 mock-ups'
//! fields (figures 3–5) with lengths `inferred` where the seed gives none.

use crate::banks;
use crate::catalog::ApplicantKind;
use crate::i18n::{Lang, Msg};
use crate::ids::{Bin, Iban, IdError, IdKind, Iin, Phone, PostalIndex, Rnn};

/// What a frame field holds, and so how it is checked and typed in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FrameKind {
    /// Free text, on one line or several.
    Text {
        /// Several lines.
        multiline: bool,
    },
    /// An identifier, checked by its parser (IIN and BIN by checksum).
    Id(IdKind),
    /// A date, not after today.
    PastDate,
    /// ОКПО: eight digits.
    Okpo,
    /// An amount in tenge, which must be the fee due.
    Amount,
    /// A key chosen from a list of the data.
    Choice(Chooser),
}

/// A list of the data a frame field's value is chosen from (seed 000,
/// figures 10.1–10.2).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Chooser {
    /// A bank, by BIC.
    Bank,
    /// A tax authority, by its id.
    TaxAuthority,
}

impl Chooser {
    /// The options: (key, label) in a language, in the data's order.
    pub fn options(self, lang: Lang) -> Vec<(String, String)> {
        match self {
            Chooser::Bank => banks::banks().iter().map(|b| (b.bic.clone(), b.label(lang))).collect(),
            Chooser::TaxAuthority => banks::tax_authorities()
                .iter()
                .map(|a| (a.id.clone(), a.label(lang)))
                .collect(),
        }
    }

    /// The label of a key, if the list has it.
    pub fn label(self, key: &str, lang: Lang) -> Option<String> {
        match self {
            Chooser::Bank => banks::bank(key).map(|b| b.label(lang)),
            Chooser::TaxAuthority => banks::tax_authority(key).map(|a| a.label(lang)),
        }
    }
}

/// A field of the application's frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameField {
    /// The path without a row: `applicant.iin`, `bank-accounts.iban`.
    pub path: &'static str,
    /// The label, which is the question.
    pub label: Msg,
    /// What it holds.
    pub kind: FrameKind,
    /// Whether it must be filled in (else the label says "(optional)").
    pub required: bool,
    /// The longest value accepted, in characters.
    pub max_len: u32,
    /// The browser's autocomplete token.
    pub autocomplete: &'static str,
}

/// Whether a value parses as an identifier of a kind.
pub fn parse_id(kind: IdKind, value: &str) -> Result<(), IdError> {
    match kind {
        IdKind::Iin => value.parse::<Iin>().map(drop),
        IdKind::Bin => value.parse::<Bin>().map(drop),
        IdKind::Iban => value.parse::<Iban>().map(drop),
        IdKind::Rnn => value.parse::<Rnn>().map(drop),
        IdKind::PostalIndex => value.parse::<PostalIndex>().map(drop),
        IdKind::Phone => value.parse::<Phone>().map(drop),
    }
}

const fn text(path: &'static str, label: Msg, required: bool, max_len: u32, autocomplete: &'static str) -> FrameField {
    FrameField {
        path,
        label,
        kind: FrameKind::Text { multiline: false },
        required,
        max_len,
        autocomplete,
    }
}

const fn id(
    path: &'static str,
    label: Msg,
    kind: IdKind,
    required: bool,
    max_len: u32,
    autocomplete: &'static str,
) -> FrameField {
    FrameField {
        path,
        label,
        kind: FrameKind::Id(kind),
        required,
        max_len,
        autocomplete,
    }
}

/// The number of the licence a re-registration or duplicate is for.
pub const EXISTING_LICENCE: FrameField = text("request.existing_licence", Msg::LabelExistingLicence, true, 30, "off");

const RNN: FrameField = id("applicant.rnn", Msg::LabelRnn, IdKind::Rnn, false, 12, "off");
const CERTIFICATE_SERIES: FrameField = text(
    "applicant.certificate_series",
    Msg::LabelCertificateSeries,
    false,
    10,
    "off",
);
const CERTIFICATE_NUMBER: FrameField = text(
    "applicant.certificate_number",
    Msg::LabelCertificateNumber,
    true,
    30,
    "off",
);

/// An individual entrepreneur (seed 000, figure 3), in the page's order.
pub const IE: &[FrameField] = &[
    id("applicant.iin", Msg::LabelIin, IdKind::Iin, true, 12, "off"),
    text("applicant.surname", Msg::LabelSurname, true, 100, "family-name"),
    text("applicant.given_name", Msg::LabelGivenName, true, 100, "given-name"),
    text(
        "applicant.patronymic",
        Msg::LabelPatronymic,
        false,
        100,
        "additional-name",
    ),
    text("applicant.ie_name", Msg::LabelIeName, true, 250, "organization"),
    RNN,
    CERTIFICATE_SERIES,
    CERTIFICATE_NUMBER,
    FrameField {
        kind: FrameKind::Text { multiline: true },
        ..text("applicant.activity", Msg::LabelActivity, true, 250, "off")
    },
];

/// A legal entity (seed 000, figure 4), in the page's order.
pub const LE: &[FrameField] = &[
    id("applicant.bin", Msg::LabelBin, IdKind::Bin, true, 12, "off"),
    text("applicant.full_name", Msg::LabelLeFullName, true, 250, "organization"),
    text("applicant.org_form", Msg::LabelOrgForm, true, 100, "off"),
    text("applicant.legal_form", Msg::LabelLegalForm, true, 100, "off"),
    text(
        "applicant.representative_name",
        Msg::LabelRepresentativeName,
        true,
        150,
        "name",
    ),
    text(
        "applicant.representative_position",
        Msg::LabelRepresentativePosition,
        true,
        150,
        "organization-title",
    ),
    RNN,
    FrameField {
        kind: FrameKind::Okpo,
        ..text("applicant.okpo", Msg::LabelOkpo, false, 8, "off")
    },
    CERTIFICATE_SERIES,
    CERTIFICATE_NUMBER,
    text("applicant.status", Msg::LabelLeStatus, false, 100, "off"),
    FrameField {
        kind: FrameKind::PastDate,
        ..text(
            "applicant.registration_date",
            Msg::LabelRegistrationDate,
            true,
            10,
            "off",
        )
    },
    FrameField {
        kind: FrameKind::PastDate,
        ..text("applicant.last_change_date", Msg::LabelLastChangeDate, false, 10, "off")
    },
];

/// The applicant's address (the legal address of an entity).
pub const ADDRESS: &[FrameField] = &[
    id(
        "applicant.postal_index",
        Msg::LabelPostalIndex,
        IdKind::PostalIndex,
        true,
        6,
        "postal-code",
    ),
    text("applicant.locality", Msg::LabelLocality, true, 250, "address-level2"),
    text("applicant.street", Msg::LabelStreet, true, 150, "address-line1"),
    text("applicant.house", Msg::LabelHouse, true, 20, "address-line2"),
    text("applicant.flat", Msg::LabelFlat, false, 20, "address-line3"),
    id("applicant.phone", Msg::LabelPhone, IdKind::Phone, true, 20, "tel"),
];

/// A row of the bank accounts (seed 000, figure 5).
pub const BANK_ACCOUNT: &[FrameField] = &[
    id("bank-accounts.iban", Msg::LabelIban, IdKind::Iban, true, 34, "off"),
    text("bank-accounts.bank_name", Msg::LabelBankName, true, 150, "off"),
    text("bank-accounts.bank_location", Msg::LabelBankLocation, true, 150, "off"),
];

/// A payment order handed in instead of paying online (seed 000, the
/// payment screen).
pub const PAYMENT_ORDER: &[FrameField] = &[
    FrameField {
        kind: FrameKind::Amount,
        ..text("payment.amount", Msg::LabelPaidAmount, true, 20, "off")
    },
    text(
        "payment.document_number",
        Msg::LabelPaymentDocumentNumber,
        true,
        30,
        "off",
    ),
    FrameField {
        kind: FrameKind::PastDate,
        ..text("payment.document_date", Msg::LabelPaymentDocumentDate, true, 10, "off")
    },
    FrameField {
        kind: FrameKind::Choice(Chooser::Bank),
        ..text("payment.bank", Msg::LabelPaymentBank, true, 11, "off")
    },
    FrameField {
        kind: FrameKind::Choice(Chooser::TaxAuthority),
        ..text("payment.tax_authority", Msg::LabelTaxAuthority, true, 40, "off")
    },
];

/// Paying online: the beneficiary, a tax authority (seed 000:698, figure
/// 10.2); its bank is the Treasury's, shown, not chosen.
pub const PAYMENT_ONLINE: &[FrameField] = &[FrameField {
    kind: FrameKind::Choice(Chooser::TaxAuthority),
    ..text("payment.beneficiary", Msg::LabelBeneficiary, true, 40, "off")
}];

/// The applicant's own fields for a kind, then the address.
pub fn applicant_fields(kind: ApplicantKind) -> impl Iterator<Item = &'static FrameField> {
    let own = match kind {
        ApplicantKind::Ie => IE,
        ApplicantKind::Le => LE,
    };
    own.iter().chain(ADDRESS)
}

/// The frame field at a path (with or without its row).
pub fn frame_field(path: &str) -> Option<&'static FrameField> {
    let bare = path.split('[').next().unwrap_or(path);
    [
        std::slice::from_ref(&EXISTING_LICENCE),
        IE,
        LE,
        ADDRESS,
        BANK_ACCOUNT,
        PAYMENT_ORDER,
        PAYMENT_ONLINE,
    ]
    .into_iter()
    .flatten()
    .find(|f| f.path == bare)
}
