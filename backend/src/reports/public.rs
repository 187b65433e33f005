//! The public statistics: for each provider's service and request type,
//! the time to decision over the last twelve months in working days against
//! the statutory limit, the share decided in time, and the decisions per
//! month. Counts and times only: no case, no applicant.

use std::collections::BTreeMap;

use axum::extract::State;
use shared::calendar::Calendar;
use shared::date::Date;
use shared::reports::{Figures, MonthCount, PublicStats, ServiceStats, StatsQuery, tenths_of_day};

use super::store::{self, Filter};
use crate::db::codec::from_text;
use crate::error::{ApiJson, ApiQuery};
use crate::{AppError, AppState};

/// The twelve months up to today: from the first day of the month eleven
/// months ago.
fn twelve_months(today: Date) -> (Date, Vec<String>) {
    let (y, m, _) = today.ymd();
    let mut months = Vec::with_capacity(12);
    let (mut year, mut month) = (y, m);
    for _ in 0..12 {
        months.push(format!("{year:04}-{month:02}"));
        if month == 1 {
            year -= 1;
            month = 12;
        } else {
            month -= 1;
        }
    }
    months.reverse();
    let (fy, fm) = months
        .first()
        .and_then(|s| Some((s.get(..4)?.parse().ok()?, s.get(5..)?.parse().ok()?)))
        .unwrap_or((y, m));
    (Date::from_ymd(fy, fm, 1).unwrap_or(today), months)
}

pub(super) async fn stats(
    State(state): State<AppState>,
    ApiQuery(q): ApiQuery<StatsQuery>,
) -> Result<ApiJson<PublicStats>, AppError> {
    Ok(ApiJson(compute(&state, &q).await?))
}

/// The public statistics for a provider, a service, or all.
pub async fn compute(state: &AppState, q: &StatsQuery) -> Result<PublicStats, AppError> {
    let today = state.clock.now().local_date();
    let (from, months) = twelve_months(today);
    let filter = Filter {
        provider: q.provider.as_deref().unwrap_or_default(),
        from: shared::calendar::Timestamp::from_local(from, 0, 0).unix(),
        until: shared::calendar::Timestamp::from_local(today.add_days(1), 0, 0).unix(),
        service: q.service.as_deref(),
        request_type: None,
        person: None,
        roles: None,
    };
    type Key = (String, String, String);
    let mut histograms: BTreeMap<Key, (i64, Vec<shared::reports::Bucket>)> = BTreeMap::new();
    let (first, last) = (
        months.first().cloned().unwrap_or_default(),
        months.last().cloned().unwrap_or_default(),
    );
    for b in store::service_months(&state.db, &filter, (&first, &last)).await? {
        let entry = histograms
            .entry((b.provider, b.service, b.request_type))
            .or_insert((b.total_limit, Vec::new()));
        // A refusal's own total can differ from issuing's: the longer is
        // the service's statutory limit shown.
        entry.0 = entry.0.max(b.total_limit);
        entry.1.push((
            b.worked,
            u32::try_from(b.n).unwrap_or(u32::MAX),
            u32::try_from(b.met).unwrap_or(u32::MAX),
        ));
    }
    let mut per_month: BTreeMap<Key, BTreeMap<String, u32>> = BTreeMap::new();
    let span = (i64::from(from.days_since_epoch()), i64::from(today.days_since_epoch()));
    for (provider, service, request, day, n) in store::decided_days(&state.db, &filter, span).await? {
        let (y, m, _) = Date::from_days_since_epoch(i32::try_from(day).unwrap_or_default()).ymd();
        *per_month
            .entry((provider, service, request))
            .or_default()
            .entry(format!("{y:04}-{m:02}"))
            .or_default() += u32::try_from(n).unwrap_or(u32::MAX);
    }
    let mut rows = Vec::new();
    for ((provider, service, request), (limit, histogram)) in histograms {
        let per_day = Calendar::of_provider(&provider).office_hours().minutes_per_day();
        let f = Figures::of(&histogram, limit);
        let counts = per_month.remove(&(provider.clone(), service.clone(), request.clone()));
        rows.push(ServiceStats {
            request_type: from_text(&request)?,
            decided: f.count,
            median_tenths: tenths_of_day(f.p50, per_day),
            p90_tenths: tenths_of_day(f.p90, per_day),
            limit_tenths: tenths_of_day(f.limit, per_day),
            in_time: f.share_met().unwrap_or(0),
            months: months
                .iter()
                .map(|m| MonthCount {
                    month: m.clone(),
                    decided: counts.as_ref().and_then(|c| c.get(m)).copied().unwrap_or(0),
                })
                .collect(),
            provider,
            service,
        });
    }
    Ok(PublicStats { from, to: today, rows })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_months_end_with_this_one() {
        let (from, months) = twelve_months(Date::from_ymd(2026, 2, 14).expect("a date"));
        assert_eq!(from, Date::from_ymd(2025, 3, 1).expect("a date"));
        assert_eq!(months.first().map(String::as_str), Some("2025-03"));
        assert_eq!(months.last().map(String::as_str), Some("2026-02"));
        assert_eq!(months.len(), 12);
    }
}
