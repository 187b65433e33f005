//! The case view: everything the applicant sent (read-only, files served
//! for preview), the payment, the applicant's signature checked again, the
//! chain with each step's deadline and whether it was met, the timeline from
//! the audit log, conclusions, the inspection, the decision and the licence.

use axum::extract::State;
use axum::response::Response;
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as B64;
use shared::review::{
    CaseView, DecisionView, InspectionReport, PaymentOrderCheck, SignatureReport, StepProgress, TimelineEntry,
    decision_bytes,
};
use shared::signing::canonical_bytes;
use shared::workflow::{Action, Actor, ApplicationStatus, Outcome, SignatureCheck, StepKind, transition};

use super::read::{case_for, decision_of, form_of};
use super::{Case, place, store};
use crate::audit;
use crate::error::{ApiJson, ApiPath};
use crate::staff::{CurrentStaff, Staff};
use crate::{AppError, AppState, eds, licences};

pub(super) async fn case(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<CaseView>, AppError> {
    case_view(&state, &current.staff, &id).await.map(ApiJson)
}

/// Checks a stored signature as of when it was made, as [`eds::check`]
/// does: the chain to the root, the validity then, the policy, revocation by
/// then, its holder and the IIN/BIN it must name.
async fn report(
    state: &AppState,
    certificate: &str,
    signature: &str,
    message: &[u8],
    signed_at: i64,
    signer: eds::Signer<'_>,
) -> Result<SignatureReport, AppError> {
    let der = B64.decode(certificate.trim()).unwrap_or_default();
    let read = eds::read_certificate(state.ca.root(), &der).ok().map(|(_, info)| info);
    let (check, _) = eds::check(
        &state.db,
        state.ca.root(),
        certificate,
        signature,
        message,
        signed_at,
        signer,
    )
    .await?;
    let info = read.unwrap_or(eds::CertificateInfo {
        serial: String::new(),
        common_name: String::new(),
        identifier: String::new(),
        not_before: 0,
        not_after: 0,
        holder: None,
    });
    Ok(SignatureReport {
        subject: info.common_name,
        identifier: info.identifier,
        serial: info.serial,
        not_before: info.not_before,
        not_after: info.not_after,
        signed_at,
        check,
    })
}

/// The signature over what was sent, checked again: the applicant's, or
/// the operator's who took it at their counter.
async fn applicant_signature(state: &AppState, case: &Case) -> Result<Option<SignatureReport>, AppError> {
    let Some(sent) = store::sent(&state.db, &case.id).await? else {
        return Ok(None);
    };
    let form: shared::form::ApplicationForm =
        serde_json::from_str(&sent.form).map_err(|e| AppError::Internal(e.to_string()))?;
    let message = canonical_bytes(&case.id, &form);
    let (certificate, signature) = (sent.certificate, sent.signature);
    let signer = match (&sent.operator_id, &sent.operator_iin) {
        (Some(id), Some(iin)) => eds::Signer::Staff { id, iin },
        _ => eds::Signer::Applicant {
            account: &case.owner_id,
            identifier: form.applicant_id(),
        },
    };
    report(state, &certificate, &signature, &message, sent.signed_at, signer)
        .await
        .map(Some)
}

/// Staff run the applicant's signature check again.
pub(super) async fn recheck_signature(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiPath(id): ApiPath<String>,
) -> Result<ApiJson<Option<SignatureReport>>, AppError> {
    let case = case_for(&state, &current.staff, &id).await?;
    applicant_signature(&state, &case).await.map(ApiJson)
}

fn status_of(s: &str) -> ApplicationStatus {
    serde_json::from_str(s).unwrap_or(ApplicationStatus::Registered)
}

fn timeline(entries: &[audit::Entry]) -> Vec<TimelineEntry> {
    entries
        .iter()
        .map(|e| TimelineEntry {
            at: e.at,
            actor: e.actor_name.clone(),
            role: crate::db::codec::from_text(&e.role).unwrap_or(shared::workflow::Role::System),
            action: e.action.clone(),
            before: status_of(&e.status_before),
            after: status_of(&e.status_after),
            note: e.note.clone(),
            step_id: e.step_id.clone(),
            step_due_at: e.step_due_at,
        })
        .collect()
}

/// Each chain step as it went: started, due, finished, met.
fn progress(case: &Case, entries: &[audit::Entry]) -> Result<Vec<StepProgress>, AppError> {
    let chain = case.chain()?;
    let mut done: Vec<StepProgress> = Vec::new();
    let mut open: Option<StepProgress> = None;
    for e in entries {
        let ended = status_of(&e.status_after).is_final();
        if (e.step_id.is_some() || ended)
            && let Some(mut p) = open.take()
        {
            p.finished_at = Some(e.at);
            p.met = p.due_at.map(|d| e.at <= d);
            done.push(p);
        }
        if let Some(step) = &e.step_id {
            let role = chain
                .steps
                .iter()
                .find(|(s, _)| &s.id == step)
                .map(|(s, _)| s.role)
                .unwrap_or(shared::workflow::Role::System);
            open = Some(StepProgress {
                id: step.clone(),
                role,
                started_at: Some(e.at),
                due_at: e.step_due_at,
                finished_at: None,
                met: None,
            });
        }
    }
    done.extend(open);
    Ok(chain
        .steps
        .iter()
        .map(|(s, _)| {
            done.iter()
                .rev()
                .find(|p| p.id == s.id)
                .cloned()
                .unwrap_or(StepProgress {
                    id: s.id.clone(),
                    role: s.role,
                    started_at: None,
                    due_at: None,
                    finished_at: None,
                    met: None,
                })
        })
        .collect())
}

/// What the member may do now (`inspected`: the inspection's form is
/// recorded, so it is not offered again where recording it moves nothing).
async fn actions(state: &AppState, staff: &Staff, case: &Case, inspected: bool) -> Result<Vec<String>, AppError> {
    if case.assignee.as_ref().is_some_and(|a| a != &staff.id) {
        return Ok(Vec::new());
    }
    let chain = case.chain()?;
    let actor = Actor {
        role: staff.role,
        head_absent: crate::staff::head_absent(&state.db, &staff.provider).await?,
    };
    let ok = |a: Action| transition(&chain, case.status, actor, a).is_ok();
    let at_review = place(&chain, case.status)
        .and_then(|p| chain.step(p.index))
        .is_some_and(|s| s.kind == StepKind::Review);
    let draft = Action::DraftDecision {
        outcome: Outcome::Issue,
    };
    let candidates = [
        ("register", ok(Action::RegisterIncoming)),
        ("resolve", ok(Action::Resolve)),
        (
            "check-completeness",
            at_review && (ok(Action::ConfirmReview) || ok(draft)),
        ),
        ("confirm-review", ok(Action::ConfirmReview)),
        ("request-conclusion", ok(Action::RequestConclusion)),
        ("answer-conclusion", ok(Action::AnswerConclusion)),
        (
            "complete-inspection",
            transition(&chain, case.status, actor, Action::CompleteInspection)
                .is_ok_and(|to| to != case.status || !inspected),
        ),
        ("draft-decision", ok(draft)),
        ("return-for-rework", ok(Action::ReturnForRework)),
        (
            "sign-decision",
            ok(Action::SignDecision {
                check: SignatureCheck::Valid,
            }),
        ),
        ("dispatch", ok(Action::Dispatch)),
    ];
    Ok(candidates
        .into_iter()
        .filter(|(_, allowed)| *allowed)
        .map(|(name, _)| name.to_owned())
        .collect())
}

/// The whole case as a member of its provider sees it.
pub(crate) async fn case_view(state: &AppState, staff: &Staff, id: &str) -> Result<CaseView, AppError> {
    let case = case_for(state, staff, id).await?;
    let service = crate::applications::service_of(&case.service)?;
    let form = form_of(state, id).await?;
    let entries = audit::of_application(&state.db, id).await?;
    let conclusions = store::conclusions(&state.db, id).await?;
    let inspection: Option<InspectionReport> = store::inspection(&state.db, id)
        .await?
        .and_then(|s| serde_json::from_str(&s).ok());
    let inspected = inspection.is_some();
    // A payment order handed in, and whether the office found it.
    let payment_order = crate::payments::order::check(&state.db, id, &form, service, case.status).await?;
    let decision = match decision_of(state, id).await? {
        None => None,
        Some((outcome, drafted_by)) => {
            let message = decision_bytes(id, &case.number, &outcome);
            let d = store::decision_detail(&state.db, id)
                .await?
                .ok_or_else(|| AppError::Internal("a drafted decision without its row".to_owned()))?;
            let signature = match (d.signed_at, d.certificate.as_deref(), d.signature.as_deref()) {
                (Some(at), Some(cert), Some(sig)) => {
                    let signer = eds::Signer::Staff {
                        id: d.signed_by.as_deref().unwrap_or_default(),
                        iin: d.signer_iin.as_deref().unwrap_or_default(),
                    };
                    Some(report(state, cert, sig, &message, at, signer).await?)
                }
                _ => None,
            };
            Some(DecisionView {
                outcome,
                drafted_by: if d.drafter.is_empty() { drafted_by } else { d.drafter },
                drafted_at: d.drafted_at,
                signature,
                to_sign: B64.encode(&message),
            })
        }
    };
    let checklist = service
        .documents_for(case.request_type)
        .map(|d| {
            let attached = form.attachments.get(&d.id).is_some_and(|f| !f.is_empty());
            (d.id.clone(), attached)
        })
        .collect();
    let priced = crate::applications::context(state, id, service, &form).await?;
    Ok(CaseView {
        id: case.id.clone(),
        number: case.number.clone(),
        incoming_number: case.incoming_number.clone(),
        status: case.status,
        payment: priced.payment,
        fee: priced.ctx.fee,
        signature: applicant_signature(state, &case).await?,
        step_id: case.step_id.clone(),
        assignee: case.assignee.clone(),
        step_due_at: case.step_due_at,
        due_at: case.due_at,
        steps: progress(&case, &entries)?,
        timeline: timeline(&entries),
        conclusions,
        inspection,
        decision,
        licence: licences::produced(&state.db, id).await?.map(|p| p.licence().clone()),
        checklist,
        actions: {
            let mut a = actions(state, staff, &case, inspected).await?;
            // The office's clerk checks an order not yet found, at any step.
            if staff.role == shared::workflow::Role::Clerk
                && !case.status.is_final()
                && matches!(
                    payment_order,
                    Some(PaymentOrderCheck::AwaitingConfirmation | PaymentOrderCheck::NotFound)
                )
            {
                a.push("ask-treasury".to_owned());
                a.push("check-payment-order".to_owned());
            }
            a
        },
        payment_order,
        form,
    })
}

/// A file of the case, for preview in the page.
pub(super) async fn file(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiPath((id, sha256)): ApiPath<(String, String)>,
) -> Result<Response, AppError> {
    case_for(&state, &current.staff, &id).await?;
    let form = form_of(&state, &id).await?;
    let attachment = form
        .attachments
        .values()
        .flatten()
        .find(|a| a.sha256 == sha256)
        .cloned()
        .ok_or(AppError::NotFound)?;
    crate::attachments::serve(&state, &attachment.sha256, &attachment.content_type).await
}
