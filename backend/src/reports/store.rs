//! The reports' SQL: the facts written with each move, and the grouped
//! reads of a period. Every read groups by the exact working minutes, so a
//! provider's year comes back as a histogram of a few thousand rows whatever
//! the number of cases, and the percentiles are exact.

use tracing::instrument;

use crate::db::Db;

/// A parameter of a statement built from a filter.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Bind {
    Text(String),
    Int(i64),
}

/// The conditions of a period's read, with their parameters.
#[derive(Clone, Debug, Default)]
struct Where {
    conditions: Vec<String>,
    binds: Vec<Bind>,
}

impl Where {
    fn text(&mut self, condition: &str, value: &str) -> &mut Self {
        self.binds.push(Bind::Text(value.to_owned()));
        let n = self.binds.len();
        self.conditions.push(condition.replace('?', &format!("${n}")));
        self
    }

    fn int(&mut self, condition: &str, value: i64) -> &mut Self {
        self.binds.push(Bind::Int(value));
        let n = self.binds.len();
        self.conditions.push(condition.replace('?', &format!("${n}")));
        self
    }

    fn raw(&mut self, condition: &str) -> &mut Self {
        self.conditions.push(condition.to_owned());
        self
    }

    fn sql(&self) -> String {
        self.conditions.join(" AND ")
    }
}

/// Which facts a read covers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Filter<'a> {
    /// The provider.
    pub provider: &'a str,
    /// From (included), Unix seconds.
    pub from: i64,
    /// Until (excluded), Unix seconds.
    pub until: i64,
    /// One service.
    pub service: Option<&'a str>,
    /// One request type's code.
    pub request_type: Option<&'a str>,
    /// Only the cases whose decision this person drafted, and the steps
    /// they finished (an own report).
    pub person: Option<&'a str>,
    /// Only the steps of these roles' codes (a department's report).
    pub roles: Option<&'a [&'a str]>,
}

impl Filter<'_> {
    /// The conditions on `case_facts` over one of its time columns.
    fn facts(&self, column: &str) -> Where {
        let mut w = Where::default();
        w.text("provider = ?", self.provider)
            .int(&format!("{column} >= ?"), self.from)
            .int(&format!("{column} < ?"), self.until);
        self.common(&mut w);
        if let Some(p) = self.person {
            w.text("executor = ?", p);
        }
        w
    }

    /// The conditions on `step_times`.
    fn steps(&self) -> Where {
        let mut w = Where::default();
        w.text("provider = ?", self.provider)
            .int("ended_at >= ?", self.from)
            .int("ended_at < ?", self.until);
        self.common(&mut w);
        if let Some(p) = self.person {
            w.text("actor_id = ?", p);
        }
        if let Some(roles) = self.roles {
            let quoted: Vec<String> = roles.iter().map(|r| format!("'{}'", r.replace('\'', ""))).collect();
            w.raw(&format!("role IN ({})", quoted.join(", ")));
        }
        w
    }

    fn common(&self, w: &mut Where) {
        if let Some(s) = self.service {
            w.text("service = ?", s);
        }
        if let Some(r) = self.request_type {
            w.text("request_type = ?", r);
        }
    }
}

async fn rows<T>(db: &Db, sql: String, binds: &[Bind]) -> Result<Vec<T>, sqlx::Error>
where
    T: for<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> + Send + Unpin,
{
    // Only column names and numbered parameters are written into the statement.
    let mut query = sqlx::query_as::<_, T>(sqlx::AssertSqlSafe(sql));
    for b in binds {
        query = match b {
            Bind::Text(t) => query.bind(t.clone()),
            Bind::Int(i) => query.bind(*i),
        };
    }
    query.fetch_all(&db.pool).await
}

// ---- read for the reports --------------------------------------------------

/// Received in the period, by channel.
#[instrument(skip_all, err)]
pub async fn received_by_channel(db: &Db, f: &Filter<'_>) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let mut w = f.facts("received_at");
    w.raw("(outcome IS NULL OR outcome <> 'withdrawn')");
    let sql = format!(
        "SELECT channel, COUNT(*) AS n FROM case_facts WHERE {} GROUP BY channel",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// Ended in the period, by outcome and grounds.
#[instrument(skip_all, err)]
pub async fn ended_by_outcome(db: &Db, f: &Filter<'_>) -> Result<Vec<(String, Option<String>, i64)>, sqlx::Error> {
    let w = f.facts("decided_at");
    let sql = format!(
        "SELECT outcome, grounds, COUNT(*) AS n FROM case_facts WHERE {} AND outcome IS NOT NULL \
         GROUP BY outcome, grounds",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// Counts per week (weeks since the Monday 1969-12-29, local time) of
/// received or of decided.
#[instrument(skip_all, err)]
pub async fn per_week(db: &Db, f: &Filter<'_>, decided: bool) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    let column = if decided { "decided_at" } else { "received_at" };
    let mut w = f.facts(column);
    w.raw(if decided {
        "outcome IN ('issued', 'refused')"
    } else {
        "(outcome IS NULL OR outcome <> 'withdrawn')"
    });
    // Local midnight is 5 h ahead of UTC; the epoch was a Thursday, so
    // three more days put week boundaries on Mondays.
    let offset = shared::calendar::ALMATY_UTC_OFFSET_SECS + 3 * 86_400;
    let sql = format!(
        "SELECT ({column} + {offset}) / 604800 AS week, COUNT(*) AS n FROM case_facts WHERE {} \
         GROUP BY ({column} + {offset}) / 604800",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// A histogram row of step times.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct StepBucket {
    pub service: String,
    pub request_type: String,
    pub step_id: String,
    pub role: String,
    pub step_limit: i64,
    pub worked: i64,
    pub n: i64,
    pub met: i64,
}

/// The steps ended in the period, as a histogram of working minutes.
#[instrument(skip_all, err)]
pub async fn step_histogram(db: &Db, f: &Filter<'_>) -> Result<Vec<StepBucket>, sqlx::Error> {
    let w = f.steps();
    let sql = format!(
        "SELECT service, request_type, step_id, role, step_limit, worked, COUNT(*) AS n, CAST(SUM(met) AS BIGINT) AS met \
         FROM step_times WHERE {} GROUP BY service, request_type, step_id, role, step_limit, worked",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// A histogram row of whole services' times.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ServiceBucket {
    pub provider: String,
    pub service: String,
    pub request_type: String,
    pub total_limit: i64,
    pub worked: i64,
    pub n: i64,
    pub met: i64,
}

/// Decided (issued or refused) in the period, as a histogram of working
/// minutes from receipt.
#[instrument(skip_all, err)]
pub async fn service_histogram(db: &Db, f: &Filter<'_>) -> Result<Vec<ServiceBucket>, sqlx::Error> {
    let mut w = f.facts("decided_at");
    w.raw("outcome IN ('issued', 'refused') AND worked IS NOT NULL AND total_limit IS NOT NULL");
    let sql = format!(
        "SELECT provider, service, request_type, total_limit, worked, COUNT(*) AS n, CAST(SUM(met) AS BIGINT) AS met \
         FROM case_facts WHERE {} GROUP BY provider, service, request_type, total_limit, worked",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// An open case at a step of the provider's.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenCase {
    pub id: String,
    pub number: Option<String>,
    pub service: String,
    pub step_id: Option<String>,
    pub step_role: Option<String>,
    pub assignee: Option<String>,
    pub step_due_at: i64,
}

/// The open cases whose step is not yet overdue, the soonest deadline
/// first, at most `limit`.
#[instrument(skip_all, err)]
pub async fn open_cases(db: &Db, f: &Filter<'_>, now: i64, limit: usize) -> Result<Vec<OpenCase>, sqlx::Error> {
    let mut w = open_where(f);
    w.int("step_due_at >= ?", now);
    let sql = format!(
        "SELECT id, number, service, step_id, step_role, assignee, step_due_at FROM applications \
         WHERE {} ORDER BY step_due_at, id LIMIT {limit}",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

fn open_where(f: &Filter<'_>) -> Where {
    let mut w = Where::default();
    w.text("provider = ?", f.provider);
    w.raw("step_due_at IS NOT NULL AND step_role IS NOT NULL AND step_role <> 'external-body'");
    if let Some(s) = f.service {
        w.text("service = ?", s);
    }
    if let Some(r) = f.request_type {
        w.text("request_type = ?", r);
    }
    if let Some(p) = f.person {
        w.text("assignee = ?", p);
    }
    if let Some(roles) = f.roles {
        let quoted: Vec<String> = roles.iter().map(|r| format!("'{}'", r.replace('\'', ""))).collect();
        w.raw(&format!("step_role IN ({})", quoted.join(", ")));
    }
    w
}

// ---- read from the summaries ----------------------------------------------

/// The conditions on a summary table: the provider (none: every one), the
/// service and request type, and for steps the department's roles.
fn summary_where(f: &Filter<'_>, roles: bool) -> Where {
    let mut w = Where::default();
    if !f.provider.is_empty() {
        w.text("provider = ?", f.provider);
    }
    f.common(&mut w);
    if let (true, Some(roles)) = (roles, f.roles) {
        let quoted: Vec<String> = roles.iter().map(|r| format!("'{}'", r.replace('\'', ""))).collect();
        w.raw(&format!("role IN ({})", quoted.join(", ")));
    }
    w
}

/// What happened on the local days `from..=to`: (channel, event, grounds, how many).
#[instrument(skip_all, err)]
pub async fn day_events(
    db: &Db,
    f: &Filter<'_>,
    (from, to): (i64, i64),
) -> Result<Vec<(String, String, String, i64)>, sqlx::Error> {
    let mut w = summary_where(f, false);
    w.int("day >= ?", from).int("day <= ?", to);
    let sql = format!(
        "SELECT channel, event, grounds, CAST(SUM(n) AS BIGINT) AS n FROM case_days WHERE {} \
         GROUP BY channel, event, grounds",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// Per week (weeks since the Monday 1969-12-29) and event, on the local
/// days `from..=to`.
#[instrument(skip_all, err)]
pub async fn week_events(
    db: &Db,
    f: &Filter<'_>,
    (from, to): (i64, i64),
) -> Result<Vec<(i64, String, i64)>, sqlx::Error> {
    let mut w = summary_where(f, false);
    w.int("day >= ?", from).int("day <= ?", to);
    let sql = format!(
        "SELECT (day + 3) / 7 AS week, event, CAST(SUM(n) AS BIGINT) AS n FROM case_days WHERE {} \
         GROUP BY (day + 3) / 7, event",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// The steps' histogram of the months `from..=to` (`YYYY-MM`).
#[instrument(skip_all, err)]
pub async fn step_months(db: &Db, f: &Filter<'_>, (from, to): (&str, &str)) -> Result<Vec<StepBucket>, sqlx::Error> {
    let mut w = summary_where(f, true);
    w.text("month >= ?", from).text("month <= ?", to);
    let sql = format!(
        "SELECT service, request_type, step_id, role, step_limit, worked, CAST(SUM(n) AS BIGINT) AS n, \
         CAST(SUM(met) AS BIGINT) AS met FROM step_months WHERE {} \
         GROUP BY service, request_type, step_id, role, step_limit, worked",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// The whole services' histogram of the months `from..=to` (`YYYY-MM`).
#[instrument(skip_all, err)]
pub async fn service_months(
    db: &Db,
    f: &Filter<'_>,
    (from, to): (&str, &str),
) -> Result<Vec<ServiceBucket>, sqlx::Error> {
    let mut w = summary_where(f, false);
    w.text("month >= ?", from).text("month <= ?", to);
    let sql = format!(
        "SELECT provider, service, request_type, total_limit, worked, CAST(SUM(n) AS BIGINT) AS n, \
         CAST(SUM(met) AS BIGINT) AS met FROM service_months WHERE {} \
         GROUP BY provider, service, request_type, total_limit, worked",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// Decided (issued or refused) per local day `from..=to`, per provider,
/// service and request type.
#[instrument(skip_all, err)]
pub async fn decided_days(db: &Db, f: &Filter<'_>, (from, to): (i64, i64)) -> Result<Vec<DayCount>, sqlx::Error> {
    let mut w = summary_where(f, false);
    w.int("day >= ?", from).int("day <= ?", to);
    w.raw("event IN ('issued', 'refused')");
    let sql = format!(
        "SELECT provider, service, request_type, day, CAST(SUM(n) AS BIGINT) AS n FROM case_days WHERE {} \
         GROUP BY provider, service, request_type, day",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// Decided on a day: (provider, service, request type, day, how many).
pub type DayCount = (String, String, String, i64, i64);

/// `column IN ($n, …)` over some values, added to the conditions.
fn any_of(w: &mut Where, column: &str, values: &[String]) {
    let mut marks = Vec::with_capacity(values.len());
    for v in values {
        w.binds.push(Bind::Text(v.clone()));
        marks.push(format!("${}", w.binds.len()));
    }
    w.conditions.push(format!("{column} IN ({})", marks.join(", ")));
}

/// The overdue open cases each of these people holds.
#[instrument(skip_all, err)]
pub async fn overdue_of_people(db: &Db, people: &[String], now: i64) -> Result<Vec<(String, i64)>, sqlx::Error> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    any_of(&mut w, "assignee", people);
    w.int("step_due_at < ?", now);
    let sql = format!(
        "SELECT assignee, COUNT(*) AS n FROM applications WHERE {} GROUP BY assignee",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// The overdue open cases at each of these roles of the provider (its
/// pool's queue, counted with the cases named to someone of the role: read
/// from the inbox's index alone).
#[instrument(skip_all, err)]
pub async fn overdue_at_roles(
    db: &Db,
    provider: &str,
    roles: &[String],
    now: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    if roles.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    w.text("provider = ?", provider);
    any_of(&mut w, "step_role", roles);
    w.int("step_due_at < ?", now);
    let sql = format!(
        "SELECT step_role, COUNT(*) AS n FROM applications WHERE {} GROUP BY step_role",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// These people's step times since `since`, as a histogram per person and
/// step (their pace).
#[instrument(skip_all, err)]
pub async fn paces_of_people(
    db: &Db,
    people: &[String],
    since: i64,
) -> Result<Vec<(String, String, i64, i64)>, sqlx::Error> {
    if people.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    any_of(&mut w, "actor_id", people);
    w.int("ended_at >= ?", since);
    let sql = format!(
        "SELECT actor_id, step_id, worked, COUNT(*) AS n FROM step_times WHERE {} GROUP BY actor_id, step_id, worked",
        w.sql()
    );
    rows(db, sql, &w.binds).await
}

/// The provider's step times of the months since `since` (`YYYY-MM`), as a
/// histogram per step.
#[instrument(skip_all, err)]
pub async fn provider_paces(db: &Db, provider: &str, since: &str) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT step_id, worked, CAST(SUM(n) AS BIGINT) AS n FROM step_months WHERE provider = $1 AND month >= $2 \
         GROUP BY step_id, worked",
    )
    .bind(provider)
    .bind(since)
    .fetch_all(&db.pool)
    .await
}
