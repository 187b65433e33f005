//! Staff actions on a case, one file per action. Each action only *plans*
//! its move — it validates its input with the shared rules and says which
//! step of the status machine it takes, who the case goes to, the note for
//! the audit log and what else it writes ([`Effect`]). One executor,
//! [`execute`], then checks the move against the catalogue chain for the
//! actor's role, works out the next step's deadline in working time, and
//! writes the position, the effect and the audit entry in one transaction,
//! guarded by the status the case was read at. Signing ([`sign`]) makes two
//! moves and enters a licence, so it drives the same primitive,
//! [`move_case`], itself.

mod completeness;
mod conclusion;
mod decision;
mod dispatch;
mod inspection;
mod payment;
mod register;
mod resolve;
mod rework;
mod sign;
mod start;

use axum::extract::State;
use shared::calendar::{Calendar, Timestamp};
use shared::form::FieldError;
use shared::i18n::Msg;
use shared::review::{CaseAction, CaseView, DecisionOutcome, InspectionReport};
use shared::workflow::{Action, Actor, ApplicationStatus, Chain, Outcome, Refusal, RefusalGround, Role, transition};

pub use start::{applicant_name, start_case};

use super::read::case_for;
use super::{Case, Place, Position, place, step_deadline, store, write_position};
use crate::audit::{self, NewEntry};
use crate::error::{ApiJson, ApiPath};
use crate::staff::{ActingStaff, Staff};
use crate::{AppError, AppState};

type Tx<'t> = sqlx::Transaction<'t, sqlx::Any>;

/// The longest note, question, answer or explanation staff may write.
const MAX_NOTE: usize = 4000;

pub(in crate::cases) async fn post_action(
    State(state): State<AppState>,
    current: ActingStaff,
    ApiPath(id): ApiPath<String>,
    ApiJson(action): ApiJson<CaseAction>,
) -> Result<ApiJson<CaseView>, AppError> {
    act(&state, &current.staff, &id, action).await?;
    super::view::case_view(&state, &current.staff, &id).await.map(ApiJson)
}

/// What an action sees: the case as read, its chain, who acts and when.
pub(super) struct Ctx<'a> {
    state: &'a AppState,
    staff: &'a Staff,
    case: Case,
    chain: Chain,
    actor: Actor,
    now: Timestamp,
}

/// What an action asks of the executor.
pub(super) struct Plan {
    /// The status machine's step; none when the case stays where it is.
    action: Option<Action>,
    /// The audit entry's note.
    note: String,
    /// Who the case goes to, when the action says (`Some(None)`: nobody).
    assignee: Option<Option<String>>,
    /// What the action writes besides the case's position.
    effect: Effect,
}

impl Plan {
    /// A move with nothing else to write.
    fn to(action: Action) -> Plan {
        Plan {
            action: Some(action),
            note: String::new(),
            assignee: None,
            effect: Effect::None,
        }
    }

    /// The case stays where it is (the action only writes).
    fn stay() -> Plan {
        Plan {
            action: None,
            note: String::new(),
            assignee: None,
            effect: Effect::None,
        }
    }

    fn note(self, note: impl Into<String>) -> Plan {
        Plan {
            note: note.into(),
            ..self
        }
    }

    fn assign(self, to: Option<String>) -> Plan {
        Plan {
            assignee: Some(to),
            ..self
        }
    }

    fn effect(self, effect: Effect) -> Plan {
        Plan { effect, ..self }
    }
}

/// What an action writes besides the case's position.
pub(super) enum Effect {
    None,
    IncomingNumber,
    Conclusion(String),
    Answer { positive: bool, text: String },
    Inspection(InspectionReport),
    Decision(DecisionOutcome),
    PaymentOrder { found: bool, note: String },
}

/// Does an action, or says why not.
pub async fn act(state: &AppState, staff: &Staff, id: &str, action: CaseAction) -> Result<(), AppError> {
    let case = case_for(state, staff, id).await?;
    // The payment order's check is the office's, whoever holds the case.
    let anyone_s = matches!(action, CaseAction::CheckPaymentOrder { .. } | CaseAction::AskTreasury);
    if !anyone_s && !is_turn_of(&case, staff) {
        return Err(Refusal::NotAllowed.into());
    }
    let ctx = Ctx {
        state,
        staff,
        chain: case.chain()?,
        actor: actor_of(state, staff).await?,
        now: state.clock.now(),
        case,
    };
    let name = action.name();
    let plan = match action {
        CaseAction::Register => register::plan(),
        CaseAction::Resolve { to, note } => resolve::plan(&ctx, to.as_deref(), &note).await?,
        CaseAction::CheckCompleteness { missing } => completeness::plan(&ctx, &missing)?,
        CaseAction::ConfirmReview { note } => resolve::confirm_review(&note)?,
        CaseAction::RequestConclusion { question } => conclusion::request(&question)?,
        CaseAction::AnswerConclusion { positive, text } => conclusion::answer(&ctx, positive, &text).await?,
        CaseAction::CompleteInspection { report } => inspection::plan(report)?,
        CaseAction::DraftDecision {
            decision,
            conclusion_note,
        } => decision::plan(&ctx, decision, &conclusion_note).await?,
        CaseAction::ReturnForRework { note } => rework::plan(&ctx, &note).await?,
        CaseAction::SignDecision { certificate, signature } => {
            return sign::sign(&ctx, &certificate, &signature).await;
        }
        CaseAction::Dispatch => dispatch::plan(&ctx).await?,
        CaseAction::CheckPaymentOrder { found, note } => payment::plan(&ctx, found, &note).await?,
        CaseAction::AskTreasury => payment::ask(&ctx).await?,
    };
    execute(&ctx, name, plan).await
}

/// The one executor: the status machine's check for this chain and actor,
/// the next position with its deadline, and the position, the effect and
/// the audit entry in one transaction guarded by the status read.
async fn execute(ctx: &Ctx<'_>, name: &str, plan: Plan) -> Result<(), AppError> {
    let Ctx {
        state,
        staff,
        case,
        chain,
        actor,
        now,
    } = ctx;
    let to = match plan.action {
        Some(a) => transition(chain, case.status, *actor, a)?,
        None => case.status,
    };
    let mut position = next_position(chain, case, staff, to, plan.assignee, *now)?;
    if position.started_at == Some(now.unix()) {
        position.due_at = refusal_due(case, to, *now, position.due_at)?;
    }
    // A conclusion asked runs on the body's own deadline; answered, the
    // asking step's deadline comes back.
    let mut kept_step_due = None;
    match &plan.effect {
        Effect::Conclusion(_) => {
            let step = place(chain, case.status)
                .and_then(|p| chain.step(p.index))
                .ok_or(Refusal::NotAllowed)?;
            kept_step_due = case.step_due_at;
            position.due_at = Some(
                case.calendar()
                    .deadline(*now, step.conclusion_limit())
                    .map(Timestamp::unix)
                    .map_err(|e| AppError::Internal(format!("the calendar: {e}")))?,
            );
        }
        Effect::Answer { .. } => {
            if let Some(due) = store::asking_step_due(&state.db, &case.id).await? {
                position.due_at = Some(due);
            }
        }
        _ => {}
    }
    let mut tx = state.db.pool.begin().await?;
    let mv = Move::of(case, &position);
    guard(&mut tx, &mv, *now).await?;
    let written = match plan.effect {
        Effect::None => None,
        Effect::IncomingNumber => {
            let number = crate::numbering::incoming(&mut tx, &case.provider, now.local_date().year()).await?;
            store::set_incoming_number(&mut tx, &case.id, &number).await?;
            Some(number)
        }
        Effect::Conclusion(question) => {
            let dues = (position.due_at, kept_step_due);
            store::request_conclusion(&mut tx, &case.id, &question, &staff.id, now.unix(), dues).await?;
            None
        }
        Effect::Answer { positive, text } => {
            store::answer_conclusion(&mut tx, &case.id, (positive, &text), &staff.id, now.unix()).await?;
            None
        }
        Effect::Inspection(report) => {
            let report = crate::applications::encode(&report)?;
            store::replace_inspection(&mut tx, &case.id, &report, &staff.id, now.unix()).await?;
            None
        }
        Effect::Decision(decision) => {
            let outcome = crate::applications::encode(&decision)?;
            store::replace_decision(&mut tx, &case.id, &outcome, &staff.id, now.unix()).await?;
            None
        }
        Effect::PaymentOrder { found, note } => {
            crate::payments::order::record_by_clerk(&mut tx, &case.id, (found, &note), &staff.id, now.unix()).await?;
            None
        }
    };
    let note = written.unwrap_or(plan.note);
    log(&mut tx, &mv, Who::Staff(staff), name, *now, &note).await?;
    tx.commit().await?;
    dispatch::tell_applicant(state, case, to, now.unix()).await
}

/// Who a move is written in the audit log as.
#[derive(Clone, Copy)]
enum Who<'a> {
    Staff(&'a Staff),
    /// Who filed the application: the applicant, or an operator at a counter.
    Filer {
        role: Role,
        id: &'a str,
        name: &'a str,
    },
    #[cfg(feature = "fixtures")]
    System,
}

impl Who<'_> {
    fn parts(&self) -> (Role, &str, &str) {
        match self {
            Who::Staff(s) => (s.role, &s.id, &s.name),
            Who::Filer { role, id, name } => (*role, id, name),
            #[cfg(feature = "fixtures")]
            Who::System => (Role::System, "system", "Ruqsat"),
        }
    }
}

/// A move of a case: from the status it was read at to a new position.
struct Move<'a> {
    id: &'a str,
    from: ApplicationStatus,
    to: &'a Position,
    /// The case as read, whose step the move may leave (none for a case
    /// just started).
    case: Option<&'a Case>,
}

impl<'a> Move<'a> {
    fn of(case: &'a Case, to: &'a Position) -> Move<'a> {
        Move {
            id: &case.id,
            from: case.status,
            to,
            case: Some(case),
        }
    }
}

/// The executor's primitive: writes a move and appends its audit entry,
/// inside `tx`.
async fn move_case(
    tx: &mut Tx<'_>,
    mv: &Move<'_>,
    who: Who<'_>,
    action: &str,
    now: Timestamp,
    note: &str,
) -> Result<(), AppError> {
    guard(tx, mv, now).await?;
    log(tx, mv, who, action, now, note).await
}

/// Writes the new position, guarded by the status the case was read at: a
/// case that moved meanwhile is a conflict (the caller's transaction is then
/// dropped, which rolls it back).
async fn guard(tx: &mut Tx<'_>, mv: &Move<'_>, now: Timestamp) -> Result<(), AppError> {
    if write_position(tx, mv.id, mv.from, mv.to, now.unix()).await? {
        Ok(())
    } else {
        Err(AppError::Conflict(Msg::CaseChanged))
    }
}

/// Appends a move's audit entry; the step and its deadline are logged when
/// the move starts a step.
async fn log(
    tx: &mut Tx<'_>,
    mv: &Move<'_>,
    who: Who<'_>,
    action: &str,
    now: Timestamp,
    note: &str,
) -> Result<(), AppError> {
    let (role, actor_id, actor_name) = who.parts();
    let position = mv.to;
    let started_now = position.started_at == Some(now.unix());
    if let Some(case) = mv.case {
        facts(tx, case, mv, actor_id, now).await?;
    }
    audit::append(
        tx,
        &NewEntry {
            application_id: mv.id,
            actor_id,
            actor_name,
            role,
            at: now.unix(),
            action,
            before: mv.from,
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

/// The reports' facts of a move: the step the case leaves (when it starts
/// another or ends), and how it ended.
async fn facts(tx: &mut Tx<'_>, case: &Case, mv: &Move<'_>, actor_id: &str, now: Timestamp) -> Result<(), AppError> {
    let to = mv.to;
    let leaves = to.place.is_none() || to.started_at != case.step_started_at;
    if let (true, Some(step_id), Some(started_at)) = (leaves, case.step_id.as_deref(), case.step_started_at) {
        let chain = case.chain()?;
        if let Some((step, limit)) = place(&chain, case.status).and_then(|p| chain.steps.get(p.index)) {
            crate::facts::step_left(
                tx,
                &crate::facts::StepLeft {
                    application_id: &case.id,
                    provider: &case.provider,
                    service: &case.service,
                    request_type: case.request_type,
                    step_id,
                    role: step.role,
                    actor_id,
                    started_at,
                    due_at: case.step_due_at,
                    limit: *limit,
                },
                now,
            )
            .await?;
        }
    }
    if to.status.is_final() && !case.status.is_final() {
        let outcome = match (case.status, to.status) {
            (
                ApplicationStatus::Signed { outcome } | ApplicationStatus::DecisionDrafted { outcome, .. },
                ApplicationStatus::Issued | ApplicationStatus::Refused,
            ) => Some(outcome),
            _ => None,
        };
        if let Some(outcome) = outcome {
            let service = (case.provider.as_str(), case.service.as_str(), case.request_type);
            let office = case.calendar().office_hours();
            let minutes: i64 = case
                .chain()?
                .steps
                .iter()
                .map(|(_, l)| l.working_minutes(&office))
                .sum();
            let total = shared::calendar::Limit::Minutes(u32::try_from(minutes).unwrap_or(u32::MAX));
            crate::facts::case_ended(tx, &case.id, service, (outcome, total), now).await?;
        }
    }
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
        Some(p) => (
            Some(now.unix()),
            Some(step_deadline(case.calendar(), chain, p.index, now)?),
        ),
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

/// The deadline of a drafted refusal where the seed gives a refusal one of
/// its own: an incomplete file's refusal within its limit of the finding
/// (seed 004:149: two working days, longer than the 30 minutes of issuing),
/// and any refusal within its limit of the registration (seed 002:219, 502),
/// when the step's own deadline would pass it. Otherwise the step's.
fn refusal_due(
    case: &Case,
    to: ApplicationStatus,
    now: Timestamp,
    step_due: Option<i64>,
) -> Result<Option<i64>, AppError> {
    let ApplicationStatus::DecisionDrafted {
        outcome: Outcome::Refuse(ground),
        ..
    } = to
    else {
        return Ok(step_due);
    };
    let totals = &crate::applications::service_of(&case.service)?.totals;
    let calendar = case.calendar();
    let due = |from: Timestamp, limit| {
        calendar
            .deadline(from, limit)
            .map(Timestamp::unix)
            .map_err(|e| AppError::Internal(format!("the calendar: {e}")))
    };
    if let Some(limit) = totals
        .incomplete_refusal
        .filter(|_| ground == RefusalGround::DocumentsIncomplete)
    {
        return due(now, limit).map(Some);
    }
    match totals.refusal {
        Some(limit) => {
            let refusal = due(Timestamp::from_unix(case.registered_at), limit)?;
            Ok(Some(step_due.map_or(refusal, |d| d.min(refusal))))
        }
        None => Ok(step_due),
    }
}

/// Puts a case straight at the start of the step `status` sits at, logged
/// as the system's move (test builders only).
#[cfg(feature = "fixtures")]
pub(crate) async fn put(
    tx: &mut Tx<'_>,
    case: &Case,
    status: ApplicationStatus,
    now: Timestamp,
) -> Result<(), AppError> {
    let position = fresh_position(case.calendar(), &case.chain()?, status, now)?;
    move_case(tx, &Move::of(case, &position), Who::System, "fixture", now, "").await
}

/// A position at the start of the step `status` sits at (none once final).
fn fresh_position(
    calendar: &Calendar,
    chain: &Chain,
    status: ApplicationStatus,
    now: Timestamp,
) -> Result<Position, AppError> {
    let here = place(chain, status);
    let due_at = here
        .as_ref()
        .map(|p| step_deadline(calendar, chain, p.index, now))
        .transpose()?;
    Ok(Position {
        status,
        started_at: here.as_ref().map(|_| now.unix()),
        place: here,
        due_at,
        assignee: None,
    })
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

/// A staff member's text: trimmed, at most [`MAX_NOTE`] characters, and
/// when `required` not empty (`empty` says with which message).
fn text(path: &str, text: &str, empty: Option<Msg>) -> Result<String, AppError> {
    let trimmed = text.trim();
    if let Some(message) = empty.filter(|_| trimmed.is_empty()) {
        return Err(AppError::Invalid(vec![FieldError::new(path, message)]));
    }
    if text.chars().count() > MAX_NOTE {
        return Err(AppError::Invalid(vec![FieldError::new(path, Msg::FieldTooLong)]));
    }
    Ok(trimmed.to_owned())
}
