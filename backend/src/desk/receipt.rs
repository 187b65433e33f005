//! The counter's paper for the applicant, as PDF: a service centre's
//! receipt (seed 001:155), the provider's inventory list of the documents
//! accepted (003:361), or the copy of the registered application with its
//! incoming number (grain warehouses, seed 004).

use shared::catalog::{Channel, catalog};
use shared::desk::{POWER_OF_ATTORNEY, PowerOfAttorney};
use shared::i18n::{Lang, Msg};

use super::store::Intake;
use crate::applications::Stored;
use crate::results::pdf::{self, CounterPaper};
use crate::{AppError, AppState};

/// Which paper a counter gives for a service.
pub fn title(channel: Channel, service: &str) -> Msg {
    match (channel, service) {
        (Channel::Provider, "grain-warehouse") => Msg::PdfApplicationCopyTitle,
        (Channel::Provider, _) => Msg::PdfInventoryTitle,
        _ => Msg::PdfReceiptTitle,
    }
}

/// The paper of a sent intake, numbered `number`.
pub async fn document(state: &AppState, intake: &Intake, stored: &Stored, number: &str) -> Result<Vec<u8>, AppError> {
    let service = catalog().service(&stored.service).ok_or(AppError::NotFound)?;
    let case = crate::cases::load(&state.db, &stored.id)
        .await?
        .ok_or(AppError::NotFound)?;
    let both = |m: Msg| format!("{} / {}", m.text(Lang::Kk), m.text(Lang::Ru));
    let pages = |id: &str| stored.form.attachments.get(id).map_or(0, Vec::len);
    let mut documents: Vec<(String, Msg, usize)> = intake
        .documents
        .0
        .iter()
        .filter_map(|p| {
            let d = service.documents.iter().find(|d| d.id == p.document)?;
            let title = format!("{} / {}", d.title.get(Lang::Kk), d.title.get(Lang::Ru));
            let how = match p.presented {
                shared::desk::Presented::Original => Msg::PdfOriginal,
                shared::desk::Presented::NotarisedCopy => Msg::PdfNotarisedCopy,
            };
            Some((title, how, pages(&d.id)))
        })
        .collect();
    let representative = intake.representative.as_ref().map(|r| {
        let r = &r.0;
        let power = match &r.power {
            PowerOfAttorney::Notarised { number, date, notary } => format!("№ {number}, {date}, {notary}"),
            PowerOfAttorney::Certified => String::new(),
        };
        format!("{}, {}\n{power}", r.name, r.iin)
    });
    if representative.is_some() {
        let how = match intake.representative.as_ref().map(|r| &r.0.power) {
            Some(PowerOfAttorney::Notarised { .. }) => Msg::PdfOriginal,
            _ => Msg::PdfNotarisedCopy,
        };
        documents.push((both(Msg::StaffDeskPoa), how, pages(POWER_OF_ATTORNEY)));
    }
    let title = title(intake.channel.0, &stored.service);
    // At the provider the file is registered in the journal as it is taken.
    let incoming = case.incoming_number.as_deref();
    let paper = CounterPaper {
        title,
        receipt: number,
        application: &case.number,
        incoming,
        org: &intake.org,
        operator: &intake.operator_name,
        applicant: format!("{}, {}", case.applicant_name, case.applicant_id),
        representative,
        service: &stored.service,
        request: both(stored.request_type.label()),
        documents,
        accepted_at: intake.sent_at.unwrap_or(intake.created_at),
        ready_by: case.due_at,
        status_url: &format!("{}/cabinet", state.public_url.trim_end_matches('/')),
    };
    Ok(pdf::counter_paper(&paper)?)
}
