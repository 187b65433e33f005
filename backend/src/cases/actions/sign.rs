//! The signer of the chain's signing step — the head (or the deputy while
//! the head is away), or the executor where the seed has them issue (grain
//! warehouses) — signs the drafted decision with their EDS: the signature is
//! verified and the licence entered in the register in one transaction with
//! the move. Where the chain has a dispatch, the case then waits for the
//! office's clerk to send it; otherwise the signature issues the result and
//! the applicant is told at once.

use shared::review::{DecisionOutcome, decision_bytes};
use shared::workflow::{Action, Refusal, SignatureCheck, transition};

use super::{Ctx, Move, Who, dispatch, fresh_position, move_case};
use crate::cases::read::{decision_of, form_of};
use crate::cases::store;
use crate::{AppError, eds, licences};

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
    let form = form_of(state, &case.id).await?;

    let mut tx = state.db.pool.begin().await?;
    let signed_position = fresh_position(case.calendar(), chain, signed, *now)?;
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
    if let DecisionOutcome::Issue { valid_until, annex, .. } = &decision {
        let grant = licences::Grant {
            valid_until: *valid_until,
            annex: annex.trim(),
            signer: &staff.name,
            serial: &info.serial,
        };
        licences::issue(&mut tx, &case.holder(), &form, grant, *now).await?;
    }
    tx.commit().await?;
    dispatch::tell_applicant(state, case, signed, now.unix()).await
}
