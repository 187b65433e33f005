//! The head (or the deputy while the head is away) signs the drafted
//! decision with their EDS: the signature is verified, the result delivered
//! at once (the portal is the dispatch), the licence entered in the
//! register, and the applicant told. Two moves — signed, then dispatched —
//! and the licence in one transaction.

use shared::i18n::Msg;
use shared::review::{DecisionOutcome, decision_bytes};
use shared::workflow::{Action, Actor, Refusal, Role, SignatureCheck, transition};

use super::{Ctx, Move, Who, fresh_position, move_case};
use crate::cases::read::{decision_of, form_of};
use crate::cases::store;
use crate::{AppError, eds, licences, notifications};

/// Signs the drafted decision with the certificate and signature given.
pub(super) async fn sign(ctx: &Ctx<'_>, certificate: &str, signature: &str) -> Result<(), AppError> {
    let Ctx {
        state,
        staff,
        case,
        chain,
        actor,
        now,
    } = ctx;
    // The role first: a wrong role learns nothing about signatures.
    let valid = Action::SignDecision {
        check: SignatureCheck::Valid,
    };
    transition(chain, case.status, *actor, valid)?;
    let (decision, _) = decision_of(state, &case.id).await?.ok_or(Refusal::NotAllowed)?;
    let message = decision_bytes(&case.id, &case.number, &decision);
    let signer = eds::Signer::Staff {
        id: &staff.id,
        iin: &staff.iin,
    };
    let root = state.ca.root();
    let (check, info) = eds::check(&state.db, root, certificate, signature, &message, now.unix(), signer).await?;
    let signed = transition(chain, case.status, *actor, Action::SignDecision { check })?;
    let info = info.ok_or_else(|| AppError::Internal("a valid signature without a certificate".to_owned()))?;
    let done = transition(chain, signed, Actor::new(Role::System), Action::Dispatch)?;
    let form = form_of(state, &case.id).await?;

    let mut tx = state.db.pool.begin().await?;
    let signed_position = fresh_position(chain, signed, *now)?;
    let mv = Move::of(case, &signed_position);
    move_case(&mut tx, &mv, Who::Staff(staff), "sign-decision", *now, &info.serial).await?;
    store::sign_decision(
        &mut tx,
        &store::DecisionSigned {
            id: &case.id,
            by: &staff.id,
            at: now.unix(),
            signature: signature.trim(),
            certificate: certificate.trim(),
            serial: &info.serial,
            // The document's code: what a refusal is verified by (a licence is by its number).
            code: crate::applications::new_id()?.get(..20).unwrap_or_default(),
            document_sha256: &eds::hex(&<sha2::Sha256 as sha2::Digest>::digest(&message)),
        },
    )
    .await?;
    let licence = match &decision {
        DecisionOutcome::Issue { valid_until, annex } => {
            let grant = licences::Grant {
                valid_until: *valid_until,
                annex: annex.trim(),
                signer: &staff.name,
                serial: &info.serial,
            };
            Some(licences::issue(&mut tx, &case.holder(), &form, grant, *now).await?)
        }
        DecisionOutcome::Refuse { .. } => None,
    };
    let done_position = fresh_position(chain, done, *now)?;
    let mv = Move {
        id: &case.id,
        from: signed,
        to: &done_position,
    };
    let dispatched = licence.as_deref().unwrap_or("");
    move_case(&mut tx, &mv, Who::System, "dispatch", *now, dispatched).await?;
    tx.commit().await?;

    let (message, mut args) = match &licence {
        Some(number) => (Msg::NotifyIssued, vec![("licence", number.clone())]),
        None => (Msg::NotifyRefused, Vec::new()),
    };
    args.push(("number", case.number.clone()));
    notifications::notify(&state.db, &case.owner_id, now.unix(), message, &args, Some(&case.id)).await?;
    Ok(())
}
