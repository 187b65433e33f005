//! A payment order against the treasury's statement: "E-licensing checks
//! the fact of payment" (seed 000:111, 002:187). The order is looked up
//! when it is handed in; found, the fee is confirmed at once. Otherwise it
//! awaits the office's clerk, who asks the treasury again or records the
//! statement's answer by hand; no licence is drawn up before it is found.

use shared::date::Date;
use shared::form::ApplicationForm;
use shared::i18n::{Lang, Msg};
use shared::money::Tenge;
use shared::review::PaymentOrderCheck;

use super::store;
use crate::db::Db;
use crate::systems::treasury::{Order, Treasury, Unconfirmed};

/// The statement's answer for the order of a form: found or not, and what
/// the statement says (kept as the check's note, in Russian, the
/// statement's language).
pub fn answer(treasury: &dyn Treasury, form: &ApplicationForm) -> (bool, String) {
    let o = &form.payment.order;
    let (Ok(date), Ok(amount)) = (o.document_date.parse::<Date>(), o.amount.parse::<Tenge>()) else {
        return (false, Msg::TreasuryNotFound.text(Lang::Ru).to_owned());
    };
    let order = Order {
        payer: form.applicant_id(),
        document_number: &o.document_number,
        document_date: date,
        amount,
        bank: &o.bank,
        tax_authority: &o.tax_authority,
    };
    let ru = |m: Msg| m.text(Lang::Ru).to_owned();
    match treasury.confirm(&order) {
        Ok(line) => (
            true,
            ru(Msg::TreasuryConfirmed)
                .replace("{reference}", &line.reference)
                .replace("{date}", &line.credited.to_string()),
        ),
        Err(Unconfirmed::NotFound) => (false, ru(Msg::TreasuryNotFound)),
        Err(Unconfirmed::AmountDiffers(amount, reference)) => (
            false,
            ru(Msg::TreasuryAmountDiffers)
                .replace("{amount}", &amount.format(Lang::Ru))
                .replace("{reference}", &reference),
        ),
        Err(Unconfirmed::BankDiffers(bank, reference)) => (
            false,
            ru(Msg::TreasuryBankDiffers)
                .replace("{bank}", &bank)
                .replace("{reference}", &reference),
        ),
        Err(Unconfirmed::AuthorityDiffers(id, reference)) => {
            let name = shared::banks::tax_authority(&id).map_or(id, |a| a.label(Lang::Ru));
            (
                false,
                ru(Msg::TreasuryAuthorityDiffers)
                    .replace("{authority}", &name)
                    .replace("{reference}", &reference),
            )
        }
    }
}

/// Asks the treasury for an order just handed in and, when the statement
/// has it, records it confirmed by the treasury itself (no clerk). A miss
/// records nothing: the order awaits the clerk.
pub async fn confirm_on_hand_in(
    db: &Db,
    treasury: &dyn Treasury,
    id: &str,
    form: &ApplicationForm,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let (found, note) = answer(treasury, form);
    if found {
        let mut tx = db.pool.begin().await?;
        store::record_order_check(&mut tx, id, (true, &note), None, now).await?;
        tx.commit().await?;
    }
    Ok(found)
}

/// Records a check of the order by the office's clerk, in the case's
/// transaction.
pub async fn record_by_clerk(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    finding: (bool, &str),
    clerk: &str,
    at: i64,
) -> Result<(), sqlx::Error> {
    store::record_order_check(tx, id, finding, Some(clerk), at).await
}

/// Whether an application's order was found in the statement (none: not
/// checked yet).
pub async fn found(db: &Db, id: &str) -> Result<Option<bool>, sqlx::Error> {
    store::order_check(db, id).await
}

/// Where an application's payment order stands, once it has been handed in
/// (the application paid by it): awaiting the statement, found, or not
/// found. None for a free service, another way of paying, or an order not
/// handed in yet. The applicant and the office see the same.
pub async fn check(
    db: &Db,
    id: &str,
    form: &ApplicationForm,
    service: &shared::catalog::Service,
    status: shared::workflow::ApplicationStatus,
) -> Result<Option<PaymentOrderCheck>, sqlx::Error> {
    use shared::workflow::ApplicationStatus as S;
    let handed_in = !matches!(status, S::Draft | S::AwaitingPayment);
    if form.payment.method != Some(shared::form::PaymentMethod::Order) || service.is_free() || !handed_in {
        return Ok(None);
    }
    Ok(Some(match found(db, id).await? {
        None => PaymentOrderCheck::AwaitingConfirmation,
        Some(true) => PaymentOrderCheck::Confirmed,
        Some(false) => PaymentOrderCheck::NotFound,
    }))
}
