//! Staff actions on a case, each checked against the catalogue chain by the
//! shared status machine, the actor's role and provider, and the person a
//! resolution named; each written in one transaction with its audit entry.

use axum::extract::State;
use shared::calendar::Timestamp;
use shared::catalog::{ApplicantKind, RequestType};
use shared::form::{ApplicationForm, FieldError};
use shared::i18n::Msg;
use shared::review::{CaseAction, CaseView, DecisionOutcome, decision_bytes};
use shared::workflow::{
    Action, Actor, ApplicationStatus, Chain, Refusal, RefusalGround, Role, SignatureCheck, transition,
};

use super::read::{case_for, decision_of, form_of};
use super::{Case, Place, Position, place, step_deadline, store, write_position};
use crate::audit::{self, NewEntry};
use crate::error::{ApiJson, ApiPath};
use crate::staff::{ActingStaff, Staff};
use crate::{AppError, AppState, eds, licences, notifications};

/// The applicant's name as the register and the form give it.
pub fn applicant_name(form: &ApplicationForm) -> String {
    match form.applicant.kind {
        ApplicantKind::Ie => {
            let ie = &form.applicant.ie;
            let person = [ie.surname.trim(), ie.given_name.trim(), ie.patronymic.trim()]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            if ie.ie_name.trim().is_empty() {
                person
            } else {
                format!("{} ({person})", ie.ie_name.trim())
            }
        }
        ApplicantKind::Le => form.applicant.le.full_name.trim().to_owned(),
    }
}

/// Puts a just-registered application at the first step of its chain:
/// called inside the submission's transaction.
pub async fn start_case(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: &str,
    form: &ApplicationForm,
    chain: &Chain,
    provider: &str,
    actor: (&str, &str),
    now: Timestamp,
) -> Result<(), AppError> {
    let status = ApplicationStatus::Registered;
    let here = place(chain, status).ok_or(AppError::Internal("a chain without intake".to_owned()))?;
    let due = step_deadline(chain, here.index, now)?;
    let name = applicant_name(form);
    store::set_applicant(tx, id, provider, (&name, form.applicant_id().trim()), now.unix()).await?;
    let position = Position {
        status,
        place: Some(here.clone()),
        started_at: Some(now.unix()),
        due_at: Some(due),
        assignee: None,
    };
    if !write_position(tx, id, status, &position, now.unix()).await? {
        return Err(AppError::Internal("the registered application vanished".to_owned()));
    }
    audit::append(
        tx,
        &NewEntry {
            application_id: id,
            actor_id: actor.0,
            actor_name: actor.1,
            role: Role::Applicant,
            at: now.unix(),
            action: "submit",
            before: ApplicationStatus::Paid,
            after: status,
            step_id: Some(&here.step_id),
            step_due_at: Some(due),
            note: "",
        },
    )
    .await?;
    Ok(())
}

pub(super) async fn post_action(
    State(state): State<AppState>,
    current: ActingStaff,
    ApiPath(id): ApiPath<String>,
    ApiJson(action): ApiJson<CaseAction>,
) -> Result<ApiJson<CaseView>, AppError> {
    act(&state, &current.staff, &id, action).await?;
    super::view::case_view(&state, &current.staff, &id).await.map(ApiJson)
}

fn required(path: &str, text: &str) -> Result<(), AppError> {
    if text.trim().is_empty() {
        Err(AppError::Invalid(vec![FieldError::new(path, Msg::FieldRequired)]))
    } else {
        Ok(())
    }
}

fn too_long(path: &str, text: &str) -> Result<(), AppError> {
    if text.chars().count() > 4000 {
        Err(AppError::Invalid(vec![FieldError::new(path, Msg::FieldTooLong)]))
    } else {
        Ok(())
    }
}

/// What an action writes besides the case's position.
enum Effect {
    None,
    IncomingNumber,
    Conclusion(String),
    Answer { positive: bool, text: String },
    Inspection(shared::review::InspectionReport),
    Decision(DecisionOutcome),
}

/// The actor at this case: the role, and whether the head is away.
async fn actor_of(state: &AppState, staff: &Staff) -> Result<Actor, AppError> {
    Ok(Actor {
        role: staff.role,
        head_absent: crate::staff::head_absent(&state.db, &staff.provider).await?,
    })
}

/// Whether the staff member is the one the case waits for: the person named,
/// or anyone with the role when nobody is named.
fn is_turn_of(case: &Case, staff: &Staff) -> bool {
    match &case.assignee {
        Some(a) => a == &staff.id,
        None => true,
    }
}

/// Does an action, or says why not.
pub async fn act(state: &AppState, staff: &Staff, id: &str, action: CaseAction) -> Result<(), AppError> {
    let case = case_for(state, staff, id).await?;
    if !is_turn_of(&case, staff) {
        return Err(Refusal::NotAllowed.into());
    }
    if let CaseAction::SignDecision { certificate, signature } = &action {
        return sign(state, staff, &case, certificate, signature).await;
    }
    let service = crate::applications::service_of(&case.service)?;
    let chain = case.chain()?;
    let actor = actor_of(state, staff).await?;
    let now = state.clock.now();
    let mut note = String::new();
    let mut assignee: Option<Option<String>> = None;
    let mut effect = Effect::None;
    let workflow: Option<Action> = match &action {
        CaseAction::Register => {
            effect = Effect::IncomingNumber;
            Some(Action::RegisterIncoming)
        }
        CaseAction::Resolve { to, note: text } => {
            too_long("resolution.note", text)?;
            note = text.trim().to_owned();
            let next = transition(&chain, case.status, actor, Action::Resolve)?;
            if let Some(to) = to.as_deref().filter(|t| !t.is_empty()) {
                let wanted = place(&chain, next).map(|p| p.role);
                let member = crate::staff::member(&state.db, &staff.provider, to).await?;
                match member {
                    Some(m) if Some(m.role) == wanted => assignee = Some(Some(m.id)),
                    _ => {
                        return Err(AppError::Invalid(vec![FieldError::new(
                            "resolution.to",
                            Msg::DecisionAssigneeInvalid,
                        )]));
                    }
                }
            }
            Some(Action::Resolve)
        }
        CaseAction::CheckCompleteness { missing } => {
            let documents: Vec<_> = service.documents_for(case.request_type).collect();
            if let Some(unknown) = missing.iter().find(|m| !documents.iter().any(|d| &d.id == *m)) {
                return Err(AppError::Invalid(vec![FieldError::new(
                    format!("checklist.{unknown}"),
                    Msg::DecisionUnknownDocument,
                )]));
            }
            if missing.is_empty() {
                note = "complete".to_owned();
                // Complete: on to the inspection where the chain has one;
                // otherwise the executor goes on to the decision.
                match transition(&chain, case.status, actor, Action::ConfirmReview) {
                    Ok(_) => Some(Action::ConfirmReview),
                    Err(_) => {
                        let draft = Action::DraftDecision {
                            outcome: shared::workflow::Outcome::Issue,
                        };
                        transition(&chain, case.status, actor, draft)?;
                        None
                    }
                }
            } else {
                let titles: Vec<String> = documents
                    .iter()
                    .filter(|d| missing.contains(&d.id))
                    .map(|d| d.title.get(shared::i18n::Lang::Ru).to_owned())
                    .collect();
                note = format!("missing: {}", missing.join(", "));
                let decision = DecisionOutcome::Refuse {
                    grounds: vec![RefusalGround::DocumentsIncomplete],
                    explanation: format!("Не представлены документы: {}.", titles.join("; ")),
                };
                let outcome = decision.outcome();
                effect = Effect::Decision(decision);
                Some(Action::DraftDecision { outcome })
            }
        }
        CaseAction::ConfirmReview { note: text } => {
            too_long("review.note", text)?;
            note = text.trim().to_owned();
            Some(Action::ConfirmReview)
        }
        CaseAction::RequestConclusion { question } => {
            required("conclusion.question", question)?;
            too_long("conclusion.question", question)?;
            note = question.trim().to_owned();
            effect = Effect::Conclusion(note.clone());
            assignee = Some(None);
            Some(Action::RequestConclusion)
        }
        CaseAction::AnswerConclusion { positive, text } => {
            required("conclusion.answer", text)?;
            too_long("conclusion.answer", text)?;
            note = format!("{}: {}", if *positive { "positive" } else { "negative" }, text.trim());
            let asked_by = store::open_conclusion_requester(&state.db, id).await?;
            assignee = Some(asked_by);
            effect = Effect::Answer {
                positive: *positive,
                text: text.trim().to_owned(),
            };
            Some(Action::AnswerConclusion)
        }
        CaseAction::CompleteInspection { report } => {
            let errors = report.validate();
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors));
            }
            note = if report.compliant { "compliant" } else { "not compliant" }.to_owned();
            effect = Effect::Inspection(report.clone());
            Some(Action::CompleteInspection)
        }
        CaseAction::DraftDecision { decision } => {
            let errors = decision.validate(&case.service, now.local_date());
            if !errors.is_empty() {
                return Err(AppError::Invalid(errors));
            }
            if matches!(decision, DecisionOutcome::Issue { .. }) && case.request_type != RequestType::Issuance {
                let form = form_of(state, id).await?;
                if licences::existing_for(&state.db, &case.holder(), &form.request.existing_licence)
                    .await?
                    .is_none()
                {
                    return Err(AppError::Invalid(vec![FieldError::new(
                        "decision.outcome",
                        Msg::DecisionLicenceNotFound,
                    )]));
                }
            }
            let outcome = decision.outcome();
            effect = Effect::Decision(decision.clone());
            Some(Action::DraftDecision { outcome })
        }
        CaseAction::ReturnForRework { note: text } => {
            if text.trim().is_empty() {
                return Err(AppError::Invalid(vec![FieldError::new(
                    "rework.note",
                    Msg::DecisionNoteRequired,
                )]));
            }
            too_long("rework.note", text)?;
            note = text.trim().to_owned();
            let drafted_by = store::drafted_by(&state.db, id).await?;
            assignee = Some(drafted_by);
            Some(Action::ReturnForRework)
        }
        CaseAction::SignDecision { .. } => None,
    };
    let to = match workflow {
        Some(a) => transition(&chain, case.status, actor, a)?,
        None => case.status,
    };
    let position = next_position(&chain, &case, staff, to, assignee, now)?;

    let mut tx = state.db.pool.begin().await?;
    if !write_position(&mut tx, id, case.status, &position, now.unix()).await? {
        tx.rollback().await?;
        return Err(AppError::Conflict(Msg::CaseChanged));
    }
    match effect {
        Effect::None => {}
        Effect::IncomingNumber => {
            let number = crate::numbering::incoming(&mut tx, &case.provider, now.local_date().year()).await?;
            note = number.clone();
            store::set_incoming_number(&mut tx, id, &number).await?;
        }
        Effect::Conclusion(question) => {
            store::request_conclusion(&mut tx, id, &question, &staff.id, now.unix()).await?;
        }
        Effect::Answer { positive, text } => {
            store::answer_conclusion(&mut tx, id, (positive, &text), &staff.id, now.unix()).await?;
        }
        Effect::Inspection(report) => {
            let report = crate::applications::encode(&report)?;
            store::replace_inspection(&mut tx, id, &report, &staff.id, now.unix()).await?;
        }
        Effect::Decision(decision) => {
            let outcome = crate::applications::encode(&decision)?;
            store::replace_decision(&mut tx, id, &outcome, &staff.id, now.unix()).await?;
        }
    }
    append(
        &mut tx,
        &case,
        staff.role,
        (&staff.id, &staff.name),
        action.name(),
        &position,
        now,
        &note,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Where a case goes: a new step starts its clock; staying at the same step
/// (a conclusion asked and answered) keeps it.
fn next_position(
    chain: &Chain,
    case: &Case,
    staff: &Staff,
    to: ApplicationStatus,
    assignee: Option<Option<String>>,
    now: Timestamp,
) -> Result<Position, AppError> {
    let before = place(chain, case.status);
    let after = place(chain, to);
    let same_step = matches!((&before, &after), (Some(b), Some(a)) if b.index == a.index);
    let (started_at, due_at) = match &after {
        None => (None, None),
        Some(_) if same_step => (case.step_started_at, case.step_due_at),
        Some(p) => (Some(now.unix()), Some(step_deadline(chain, p.index, now)?)),
    };
    // Unless the action names someone, a case staying with the same role
    // stays with the same person.
    let assignee = assignee.unwrap_or_else(|| match &after {
        Some(p) if same_step => {
            if p.role == Role::ExternalBody {
                None
            } else {
                case.assignee.clone()
            }
        }
        Some(Place { role, .. }) if *role == staff.role && staff.role != Role::Head => Some(staff.id.clone()),
        _ => None,
    });
    Ok(Position {
        status: to,
        place: after,
        started_at,
        due_at,
        assignee,
    })
}

#[allow(clippy::too_many_arguments)]
async fn append(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    case: &Case,
    role: Role,
    who: (&str, &str),
    action: &str,
    position: &Position,
    now: Timestamp,
    note: &str,
) -> Result<(), AppError> {
    let started_now = position.started_at == Some(now.unix());
    audit::append(
        tx,
        &NewEntry {
            application_id: &case.id,
            actor_id: who.0,
            actor_name: who.1,
            role,
            at: now.unix(),
            action,
            before: case.status,
            after: position.status,
            step_id: position
                .place
                .as_ref()
                .filter(|_| started_now)
                .map(|p| p.step_id.as_str()),
            step_due_at: position.due_at.filter(|_| started_now),
            note,
        },
    )
    .await?;
    Ok(())
}

/// The head (or deputy) signs: the decision is verified, the result
/// delivered at once (the portal is the dispatch), the licence entered in
/// the register, and the applicant told.
async fn sign(
    state: &AppState,
    staff: &Staff,
    case: &Case,
    certificate: &str,
    signature: &str,
) -> Result<(), AppError> {
    let chain = case.chain()?;
    let actor = actor_of(state, staff).await?;
    let now = state.clock.now();
    // The role first: a wrong role learns nothing about signatures.
    transition(
        &chain,
        case.status,
        actor,
        Action::SignDecision {
            check: SignatureCheck::Valid,
        },
    )?;
    let (decision, _) = decision_of(state, &case.id).await?.ok_or(Refusal::NotAllowed)?;
    let message = decision_bytes(&case.id, &case.number, &decision);
    let signer = eds::Signer::Staff {
        id: &staff.id,
        iin: &staff.iin,
    };
    let (check, info) = eds::check(
        &state.db,
        state.ca.root(),
        certificate,
        signature,
        &message,
        now.unix(),
        signer,
    )
    .await?;
    let signed = transition(&chain, case.status, actor, Action::SignDecision { check })?;
    let info = info.ok_or_else(|| AppError::Internal("a valid signature without a certificate".to_owned()))?;
    let done = transition(&chain, signed, Actor::new(Role::System), Action::Dispatch)?;
    let form = form_of(state, &case.id).await?;

    let mut tx = state.db.pool.begin().await?;
    let signed_position = Position {
        status: signed,
        place: place(&chain, signed),
        started_at: Some(now.unix()),
        due_at: place(&chain, signed)
            .map(|p| step_deadline(&chain, p.index, now))
            .transpose()?,
        assignee: None,
    };
    if !write_position(&mut tx, &case.id, case.status, &signed_position, now.unix()).await? {
        tx.rollback().await?;
        return Err(AppError::Conflict(Msg::CaseChanged));
    }
    // The document's code: what a refusal is verified by (a licence is by its number).
    let document_code = crate::applications::new_id()?.get(..20).unwrap_or_default().to_owned();
    let document_sha256 = eds::hex(&<sha2::Sha256 as sha2::Digest>::digest(&message));
    store::sign_decision(
        &mut tx,
        &store::DecisionSigned {
            id: &case.id,
            by: &staff.id,
            at: now.unix(),
            signature: signature.trim(),
            certificate: certificate.trim(),
            serial: &info.serial,
            document_sha256: &document_sha256,
            code: &document_code,
        },
    )
    .await?;
    append(
        &mut tx,
        case,
        staff.role,
        (&staff.id, &staff.name),
        "sign-decision",
        &signed_position,
        now,
        &info.serial,
    )
    .await?;

    let final_position = Position {
        status: done,
        place: None,
        started_at: None,
        due_at: None,
        assignee: None,
    };
    write_position(&mut tx, &case.id, signed, &final_position, now.unix()).await?;
    let licence = match &decision {
        DecisionOutcome::Issue { valid_until, annex } => Some(
            licences::issue(
                &mut tx,
                &case.holder(),
                &form,
                licences::Grant {
                    valid_until: *valid_until,
                    annex: annex.trim(),
                    signer: &staff.name,
                    serial: &info.serial,
                },
                now,
            )
            .await?,
        ),
        DecisionOutcome::Refuse { .. } => None,
    };
    let signed_case = Case {
        status: signed,
        ..case.clone()
    };
    append(
        &mut tx,
        &signed_case,
        Role::System,
        ("system", "Ruqsat"),
        "dispatch",
        &final_position,
        now,
        licence.as_deref().unwrap_or(""),
    )
    .await?;
    tx.commit().await?;

    let (message, mut args) = match &licence {
        Some(number) => (Msg::NotifyIssued, vec![("licence", number.clone())]),
        None => (Msg::NotifyRefused, Vec::new()),
    };
    args.push(("number", case.number.clone()));
    notifications::notify(&state.db, &case.owner_id, now.unix(), message, &args, Some(&case.id)).await?;
    Ok(())
}
