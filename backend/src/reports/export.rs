//! The report's tables as CSV (UTF-8 with a byte-order mark, so that
//! spreadsheet programs read Cyrillic; written by the `csv` crate, which
//! quotes commas, quotes and line breaks) and the whole report as PDF with
//! the licences' PDF stack. One description of each table serves both.

use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use shared::calendar::{Calendar, Timestamp};
use shared::catalog::catalog;
use shared::i18n::{Lang, Msg};
use shared::reports::{Report, ReportQuery, ReportTable, duration};
use shared::survey::Satisfaction;

use crate::error::{ApiPath, ApiQuery};
use crate::staff::CurrentStaff;
use crate::{AppError, AppState};

/// A cell: text, a count, working minutes or a share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cell {
    /// Text.
    Text(String),
    /// A number.
    Int(i64),
    /// Working minutes (a number in CSV, a duration in the PDF).
    Minutes(i64),
    /// A share in per cent (blank when there is nothing to share).
    Percent(Option<u32>),
}

/// One table: its title, its columns (a column of minutes says so in its
/// CSV header) and its rows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Table {
    /// The title.
    pub title: String,
    /// The column headers.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<Cell>>,
}

fn service_name(code: &str, lang: Lang) -> String {
    catalog()
        .service(code)
        .map(|s| s.short_title.get(lang).to_owned())
        .unwrap_or_else(|| code.to_owned())
}

fn text(s: impl Into<String>) -> Cell {
    Cell::Text(s.into())
}

/// A table of the report, in a language.
pub fn table(r: &Report, t: ReportTable, lang: Lang) -> Table {
    let m = |msg: Msg| msg.text(lang).to_owned();
    let int = |n: u32| Cell::Int(i64::from(n));
    let figures = |f: &shared::reports::Figures| {
        vec![
            int(f.count),
            Cell::Minutes(f.p50),
            Cell::Minutes(f.p90),
            Cell::Minutes(f.max),
            Cell::Minutes(f.limit),
            int(f.met),
            Cell::Percent(f.share_met()),
        ]
    };
    let figure_columns = [
        m(Msg::StaffReportCount),
        m(Msg::StaffReportMedian),
        m(Msg::StaffReportP90),
        m(Msg::StaffReportMax),
        m(Msg::StaffReportLimit),
        m(Msg::StaffReportInTime),
        format!("{}, %", m(Msg::StaffReportInTime)),
    ];
    match t {
        ReportTable::Counts => {
            let mut rows = vec![
                vec![text(m(Msg::StaffReportReceived)), int(r.counts.received)],
                vec![text(m(Msg::StaffReportDecided)), int(r.counts.decided)],
                vec![text(m(Msg::StaffReportIssued)), int(r.counts.issued)],
                vec![text(m(Msg::StaffReportRefused)), int(r.counts.refused)],
                vec![text(m(Msg::StaffReportWithdrawn)), int(r.counts.withdrawn)],
            ];
            for c in &r.channels {
                rows.push(vec![
                    text(format!("{}: {}", m(Msg::StaffReportReceived), m(c.channel.label()))),
                    int(c.received),
                ]);
            }
            Table {
                title: m(Msg::StaffReportCounts),
                columns: vec![m(Msg::StaffReportCounts), m(Msg::StaffReportCount)],
                rows,
            }
        }
        ReportTable::Weeks => Table {
            title: m(Msg::StaffReportWeekly),
            columns: vec![
                m(Msg::StaffReportWeek),
                m(Msg::StaffReportReceived),
                m(Msg::StaffReportDecided),
            ],
            rows: r
                .weeks
                .iter()
                .map(|w| vec![text(w.monday.to_string()), int(w.received), int(w.decided)])
                .collect(),
        },
        ReportTable::Grounds => Table {
            title: m(Msg::StaffReportGrounds),
            columns: vec![m(Msg::StaffReportGround), m(Msg::StaffReportRefused)],
            rows: r
                .grounds
                .iter()
                .map(|g| vec![text(m(g.ground.label())), int(g.refused)])
                .collect(),
        },
        ReportTable::Steps => Table {
            title: m(Msg::StaffReportSteps),
            columns: [
                m(Msg::StaffReportService),
                m(Msg::StaffReportRequest),
                m(Msg::StaffFilterStep),
                m(Msg::StaffReportRole),
            ]
            .into_iter()
            .chain(figure_columns.iter().cloned())
            .collect(),
            rows: r
                .steps
                .iter()
                .map(|s| {
                    [
                        text(service_name(&s.service, lang)),
                        text(m(s.request_type.label())),
                        text(shared::workflow::step_name(&s.step_id, lang)),
                        text(m(s.role.label())),
                    ]
                    .into_iter()
                    .chain(figures(&s.figures))
                    .collect()
                })
                .collect(),
        },
        ReportTable::Services => Table {
            title: m(Msg::StaffReportServices),
            columns: [m(Msg::StaffReportService), m(Msg::StaffReportRequest)]
                .into_iter()
                .chain(figure_columns.iter().cloned())
                .collect(),
            rows: r
                .services
                .iter()
                .map(|s| {
                    [text(service_name(&s.service, lang)), text(m(s.request_type.label()))]
                        .into_iter()
                        .chain(figures(&s.figures))
                        .collect()
                })
                .collect(),
        },
        ReportTable::Predicted => Table {
            title: m(Msg::StaffReportPredicted),
            columns: vec![
                m(Msg::StaffReportNumber),
                m(Msg::StaffReportService),
                m(Msg::StaffFilterStep),
                m(Msg::StaffReportOwner),
                m(Msg::StaffReportAhead),
                m(Msg::StaffReportPace),
                m(Msg::StaffReportNeeds),
                m(Msg::StaffReportLeft),
                m(Msg::StaffReportDue),
            ],
            rows: r
                .predicted
                .iter()
                .map(|p| {
                    vec![
                        text(p.number.clone()),
                        text(service_name(&p.service, lang)),
                        text(shared::workflow::step_name(&p.step_id, lang)),
                        text(p.owner.clone().unwrap_or_else(|| m(p.role.label()))),
                        int(p.ahead),
                        Cell::Minutes(p.pace),
                        Cell::Minutes(p.needs),
                        Cell::Minutes(p.left),
                        text(Timestamp::from_unix(p.due_at).to_string()),
                    ]
                })
                .collect(),
        },
        ReportTable::Survey => Table {
            title: m(Msg::StaffSurvey),
            columns: [m(Msg::StaffReportService), m(Msg::StaffSurveyAnswered)]
                .into_iter()
                .chain(
                    Satisfaction::ALL
                        .iter()
                        .map(|s| format!("{}: {}", m(Msg::SurveyQProcess), m(s.label()))),
                )
                .chain(
                    Satisfaction::ALL
                        .iter()
                        .map(|s| format!("{}: {}", m(Msg::SurveyQInformation), m(s.label()))),
                )
                .collect(),
            rows: r
                .survey
                .iter()
                .map(|s| {
                    [text(service_name(&s.service, lang)), int(s.answered)]
                        .into_iter()
                        .chain(s.process.iter().map(|n| int(*n)))
                        .chain(s.information.iter().map(|n| int(*n)))
                        .collect()
                })
                .collect(),
        },
    }
}

/// Whether a column holds minutes: its CSV header then says so.
fn minute_columns(t: &Table) -> Vec<bool> {
    (0..t.columns.len())
        .map(|i| t.rows.iter().any(|r| matches!(r.get(i), Some(Cell::Minutes(_)))))
        .collect()
}

/// A table as CSV bytes: a byte-order mark, the headers, the rows.
pub fn csv_bytes(t: &Table, lang: Lang) -> Result<Vec<u8>, AppError> {
    let failed = |e: csv::Error| AppError::Internal(format!("csv: {e}"));
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::Writer::from_writer(&mut out);
        let minutes = minute_columns(t);
        let unit = Msg::UnitMinutes.text(lang);
        let headers: Vec<String> = t
            .columns
            .iter()
            .zip(&minutes)
            .map(|(c, m)| if *m { format!("{c}, {unit}") } else { c.clone() })
            .collect();
        w.write_record(&headers).map_err(failed)?;
        for row in &t.rows {
            let cells: Vec<String> = row
                .iter()
                .map(|c| match c {
                    Cell::Text(s) => s.clone(),
                    Cell::Int(n) | Cell::Minutes(n) => n.to_string(),
                    Cell::Percent(p) => p.map(|p| p.to_string()).unwrap_or_default(),
                })
                .collect();
            w.write_record(&cells).map_err(failed)?;
        }
        w.flush().map_err(|e| AppError::Internal(format!("csv: {e}")))?;
    }
    Ok(out)
}

fn attachment(bytes: Vec<u8>, content_type: &'static str, name: &str) -> Response {
    let mut response = bytes.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-cache"));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
        headers.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

pub(super) async fn csv(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiPath(name): ApiPath<String>,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Response, AppError> {
    let t = ReportTable::from_code(name.trim_end_matches(".csv")).ok_or(AppError::NotFound)?;
    let report = super::build(&state, &current.staff, &q).await?;
    let lang = q.lang.unwrap_or_default();
    let bytes = csv_bytes(&table(&report, t, lang), lang)?;
    let name = format!("ruqsat-{}-{}-{}.csv", t.code(), report.from, report.to);
    Ok(attachment(bytes, "text/csv; charset=utf-8", &name))
}

pub(super) async fn pdf(
    State(state): State<AppState>,
    current: CurrentStaff,
    ApiQuery(q): ApiQuery<ReportQuery>,
) -> Result<Response, AppError> {
    let report = super::build(&state, &current.staff, &q).await?;
    let lang = q.lang.unwrap_or_default();
    let per_day = Calendar::of_provider(&report.provider).office_hours().minutes_per_day();
    let provider = catalog()
        .providers
        .get(&report.provider)
        .map(|p| p.name.get(lang).to_owned())
        .unwrap_or_else(|| report.provider.clone());
    let scope = match report.scope {
        shared::reports::ReportScope::Provider => Msg::StaffReportScopeProvider,
        shared::reports::ReportScope::Department => Msg::StaffReportScopeDepartment,
        shared::reports::ReportScope::Own => Msg::StaffReportScopeOwn,
    };
    let mut lines = vec![
        provider,
        Msg::StaffReportPeriodLabel
            .text(lang)
            .replace("{from}", &report.from.to_string())
            .replace("{to}", &report.to.to_string()),
        scope.text(lang).to_owned(),
    ];
    if let Some(s) = &report.service {
        lines.push(service_name(s, lang));
    }
    let tables: Vec<crate::results::pdf::TextTable> = ReportTable::ALL
        .iter()
        .map(|t| table(&report, *t, lang))
        .filter(|t| !t.rows.is_empty())
        .map(|t| crate::results::pdf::TextTable {
            title: t.title,
            columns: t.columns,
            rows: t
                .rows
                .into_iter()
                .map(|r| {
                    r.into_iter()
                        .map(|c| match c {
                            Cell::Text(s) => s,
                            Cell::Int(n) => n.to_string(),
                            Cell::Minutes(n) => duration(n, per_day, lang),
                            Cell::Percent(p) => p.map(|p| format!("{p}%")).unwrap_or_default(),
                        })
                        .collect()
                })
                .collect(),
        })
        .collect();
    let title = Msg::StaffReportTitle.text(lang);
    let bytes = crate::results::pdf::tables(title, &lines, &tables, lang)?;
    let name = format!("ruqsat-report-{}-{}", report.from, report.to);
    Ok(crate::results::pdf_response(bytes, &name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_starts_with_a_bom_and_quotes_commas_and_quotes() {
        let t = Table {
            title: "t".into(),
            columns: vec!["Name".into(), "Median".into()],
            rows: vec![vec![text("ТОО «Астық», \"Север\""), Cell::Minutes(95)]],
        };
        let bytes = csv_bytes(&t, Lang::En).expect("written");
        assert_eq!(
            String::from_utf8(bytes).expect("utf-8"),
            "\u{feff}Name,\"Median, min\"\n\"ТОО «Астық», \"\"Север\"\"\",95\n"
        );
    }
}
