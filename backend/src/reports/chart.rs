//! The report's charts, drawn on the server as SVG with `plotters`: the
//! browser gets finished drawings (nothing added to the back office's wasm),
//! each made accessible with a title, a description and `role="img"`, and
//! scaled to its container so it reads at 390 px. The same numbers are the
//! report's tables, shown under each chart.

use plotters::coord::ranged1d::SegmentValue;
use plotters::prelude::*;
use shared::catalog::catalog;
use shared::i18n::{Lang, Msg};
use shared::reports::{GroundCount, StepTimes, WeekCount};

use crate::AppError;

const BLUE: RGBColor = RGBColor(29, 112, 184);
const LIGHT_BLUE: RGBColor = RGBColor(160, 196, 230);
const GREEN: RGBColor = RGBColor(0, 112, 60);
const ORANGE: RGBColor = RGBColor(212, 53, 28);
const INK: RGBColor = RGBColor(11, 12, 12);
/// Drawn this wide: the column's width on a desktop, and still readable
/// scaled down to a phone's.
const WIDTH: u32 = 560;

fn failed<E: std::fmt::Display>(e: E) -> AppError {
    AppError::Internal(format!("chart: {e}"))
}

/// Escapes text for XML.
fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// Gives a drawn SVG its title and description, `role="img"`, and a width
/// that follows its container (the `viewBox` keeps the proportions).
fn accessible(svg: &str, id: &str, title: Msg, desc: Msg, lang: Lang) -> String {
    let Some(end) = svg.find('>') else {
        return svg.to_owned();
    };
    let (tag, rest) = svg.split_at(end + 1);
    let mut open = String::with_capacity(tag.len() + 120);
    for part in tag.trim_start_matches("<svg").trim_end_matches('>').split_whitespace() {
        if !part.starts_with("width=") && !part.starts_with("height=") {
            open.push(' ');
            open.push_str(part);
        }
    }
    format!(
        "<svg{open} width=\"100%\" class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>{rest}",
        xml(title.text(lang)),
        xml(desc.text(lang)),
    )
}

fn day_month(d: shared::date::Date) -> String {
    let (_, m, day) = d.ymd();
    format!("{day:02}.{m:02}")
}

/// Received and decided per week: two bars a week.
pub fn weekly(weeks: &[WeekCount], lang: Lang) -> Result<String, AppError> {
    let n = weeks.len().max(1);
    let top = weeks
        .iter()
        .map(|w| w.received.max(w.decided))
        .max()
        .unwrap_or(0)
        .max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, 300)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(36)
            .y_label_area_size(48)
            .build_cartesian_2d(0f64..n as f64, 0u32..(top + top / 8 + 1))
            .map_err(failed)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n.min(6))
            .x_label_formatter(&|x| {
                weeks
                    .get(x.floor().max(0.0) as usize)
                    .map(|w| day_month(w.monday))
                    .unwrap_or_default()
            })
            .y_labels(6)
            .y_label_formatter(&|y| y.to_string())
            .label_style(("sans-serif", 16).into_font().color(&INK))
            .draw()
            .map_err(failed)?;
        let bars = |value: fn(&WeekCount) -> u32, left: f64, color: RGBColor| {
            weeks.iter().enumerate().map(move |(i, w)| {
                let x = i as f64;
                Rectangle::new([(x + left, 0), (x + left + 0.4, value(w))], color.filled())
            })
        };
        chart
            .draw_series(bars(|w| w.received, 0.1, BLUE))
            .map_err(failed)?
            .label(Msg::StaffReportReceived.text(lang))
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], BLUE.filled()));
        chart
            .draw_series(bars(|w| w.decided, 0.5, GREEN))
            .map_err(failed)?
            .label(Msg::StaffReportDecided.text(lang))
            .legend(|(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], GREEN.filled()));
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperRight)
            .background_style(WHITE.mix(0.9))
            .border_style(INK)
            .label_font(("sans-serif", 16).into_font().color(&INK))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(accessible(
        &svg,
        "chart-weekly",
        Msg::StaffReportWeekly,
        Msg::StaffReportWeeklyDesc,
        lang,
    ))
}

/// The label of a step's row: its name, and the service and request type
/// when the report spans several.
pub fn step_label(s: &StepTimes, all: &[StepTimes], lang: Lang) -> String {
    let mut parts = vec![shared::workflow::step_name(&s.step_id, lang)];
    if all.iter().any(|o| o.service != s.service) {
        parts.push(
            catalog()
                .service(&s.service)
                .map(|svc| svc.short_title.get(lang).to_owned())
                .unwrap_or_else(|| s.service.clone()),
        );
    }
    if all.iter().any(|o| o.request_type != s.request_type) {
        parts.push(s.request_type.label().text(lang).to_owned());
    }
    if all.iter().any(|o| {
        o.step_id == s.step_id
            && o.service == s.service
            && o.request_type == s.request_type
            && o.figures.limit != s.figures.limit
    }) {
        parts.push(shared::reports::duration(s.figures.limit, 0, lang));
    }
    parts.join(" · ")
}

/// Shortens a label to `max` characters.
fn short(label: &str, max: usize) -> String {
    if label.chars().count() <= max {
        label.to_owned()
    } else {
        let cut: String = label.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// Horizontal bars, one category a row, with optional inner bars and a
/// vertical line.
struct Bars<'a> {
    id: &'a str,
    title: Msg,
    desc: Msg,
    labels: Vec<String>,
    outer: Vec<f64>,
    inner: Option<Vec<f64>>,
    line: Option<f64>,
    legend: (Msg, Option<Msg>),
    x_max: f64,
    percent: bool,
}

fn horizontal(b: &Bars<'_>, lang: Lang) -> Result<String, AppError> {
    let k = u32::try_from(b.labels.len()).unwrap_or(u32::MAX).max(1);
    let height = 100 + 36 * k;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, height)).into_drawing_area();
        root.fill(&WHITE).map_err(failed)?;
        let labels: Vec<String> = b.labels.iter().map(|l| short(l, 24)).collect();
        // Five bands a row: the outer bar fills the middle three, the inner
        // bar the middle one, and the label sits at the row's centre.
        let bands = 5 * k;
        let mut chart = ChartBuilder::on(&root)
            .margin(12)
            .x_label_area_size(32)
            .y_label_area_size(210)
            .build_cartesian_2d(0f64..b.x_max, (0u32..bands).into_segmented())
            .map_err(failed)?;
        let percent = b.percent;
        chart
            .configure_mesh()
            .disable_y_mesh()
            .y_labels(bands as usize + 1)
            .y_label_formatter(&|v| match v {
                SegmentValue::CenterOf(j) if j % 5 == 2 => {
                    labels.get((k - 1 - j / 5) as usize).cloned().unwrap_or_default()
                }
                _ => String::new(),
            })
            .x_labels(6)
            .x_label_formatter(&|x| if percent { format!("{x:.0}%") } else { format!("{x:.0}") })
            .label_style(("sans-serif", 16).into_font().color(&INK))
            .draw()
            .map_err(failed)?;
        let rects =
            |values: &[f64], (lo, hi): (u32, u32), color: RGBColor| -> Vec<Rectangle<(f64, SegmentValue<u32>)>> {
                values
                    .iter()
                    .enumerate()
                    .map(|(i, v)| {
                        let base = 5 * (k - 1 - i as u32);
                        Rectangle::new(
                            [
                                (0.0, SegmentValue::Exact(base + lo)),
                                (v.min(b.x_max), SegmentValue::Exact(base + hi)),
                            ],
                            color.filled(),
                        )
                    })
                    .collect()
            };
        let outer_color = if b.inner.is_some() { LIGHT_BLUE } else { BLUE };
        chart
            .draw_series(rects(&b.outer, (1, 4), outer_color))
            .map_err(failed)?
            .label(b.legend.0.text(lang))
            .legend(move |(x, y)| Rectangle::new([(x, y - 6), (x + 12, y + 6)], outer_color.filled()));
        if let (Some(inner), Some(label)) = (&b.inner, b.legend.1) {
            chart
                .draw_series(rects(inner, (2, 3), BLUE))
                .map_err(failed)?
                .label(label.text(lang))
                .legend(|(x, y)| Rectangle::new([(x, y - 3), (x + 12, y + 3)], BLUE.filled()));
        }
        if let Some(at) = b.line {
            chart
                .draw_series(std::iter::once(PathElement::new(
                    vec![(at, SegmentValue::Exact(0)), (at, SegmentValue::Exact(bands))],
                    ORANGE.stroke_width(3),
                )))
                .map_err(failed)?
                .label(Msg::StaffReportLimit.text(lang))
                .legend(|(x, y)| PathElement::new(vec![(x + 6, y - 7), (x + 6, y + 7)], ORANGE.stroke_width(3)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(INK)
            .label_font(("sans-serif", 16).into_font().color(&INK))
            .draw()
            .map_err(failed)?;
        root.present().map_err(failed)?;
    }
    Ok(accessible(&svg, b.id, b.title, b.desc, lang))
}

/// Each step's median and 90th percentile as a share of its limit, with
/// the limit's line at 100 %.
pub fn steps(steps: &[StepTimes], lang: Lang) -> Result<String, AppError> {
    let share = |v: i64, limit: i64| {
        if limit > 0 {
            v as f64 * 100.0 / limit as f64
        } else {
            0.0
        }
    };
    let p90: Vec<f64> = steps.iter().map(|s| share(s.figures.p90, s.figures.limit)).collect();
    let p50: Vec<f64> = steps.iter().map(|s| share(s.figures.p50, s.figures.limit)).collect();
    let highest = p90.iter().copied().fold(0.0, f64::max);
    horizontal(
        &Bars {
            id: "chart-steps",
            title: Msg::StaffReportSteps,
            desc: Msg::StaffReportStepsDesc,
            labels: steps.iter().map(|s| step_label(s, steps, lang)).collect(),
            outer: p90,
            inner: Some(p50),
            line: Some(100.0),
            legend: (Msg::StaffReportP90, Some(Msg::StaffReportMedian)),
            // Past three times the limit a bar is cut at the edge.
            x_max: (highest * 1.1).clamp(120.0, 300.0),
            percent: true,
        },
        lang,
    )
}

/// Refusals by ground.
pub fn grounds(grounds: &[GroundCount], lang: Lang) -> Result<String, AppError> {
    let top = grounds.iter().map(|g| g.refused).max().unwrap_or(0).max(1);
    horizontal(
        &Bars {
            id: "chart-grounds",
            title: Msg::StaffReportGrounds,
            desc: Msg::StaffReportGroundsDesc,
            labels: grounds.iter().map(|g| g.ground.label().text(lang).to_owned()).collect(),
            outer: grounds.iter().map(|g| f64::from(g.refused)).collect(),
            inner: None,
            line: None,
            legend: (Msg::StaffReportRefused, None),
            x_max: f64::from(top) * 1.15 + 1.0,
            percent: false,
        },
        lang,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use shared::reports::Figures;
    use shared::workflow::{RefusalGround, Role};

    #[test]
    fn a_chart_has_its_title_and_description_and_follows_its_container() {
        let weeks = [WeekCount {
            monday: shared::date::Date::from_ymd(2026, 3, 2).expect("a date"),
            received: 4,
            decided: 2,
        }];
        let svg = weekly(&weeks, Lang::Ru).expect("drawn");
        assert!(svg.starts_with("<svg viewBox=\"0 0 560 300\""), "{}", &svg[..120]);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title id=\"chart-weekly-title\">Поступило и рассмотрено по неделям</title>"));
        assert!(svg.contains("<desc id=\"chart-weekly-desc\">"));
        assert!(svg.contains("02.03"), "the week's Monday labels the axis");
        let tag = svg.split('>').next().unwrap_or_default();
        assert!(
            tag.contains("width=\"100%\"") && !tag.contains("height="),
            "no fixed size: {tag}"
        );
    }

    #[test]
    fn steps_and_grounds_draw_their_rows_and_the_limit() {
        let step = StepTimes {
            service: "security".into(),
            request_type: shared::catalog::RequestType::Issuance,
            step_id: "intake".into(),
            role: Role::Clerk,
            figures: Figures::of(&[(30, 1, 1), (90, 1, 0)], 60),
        };
        let svg = steps(std::slice::from_ref(&step), Lang::En).expect("drawn");
        assert!(svg.contains("Registration"), "the step's name is a label");
        assert!(svg.contains("Limit"), "the limit's line is in the legend");
        let svg = grounds(
            &[GroundCount {
                ground: RefusalGround::CourtBan,
                refused: 3,
            }],
            Lang::En,
        )
        .expect("drawn");
        assert!(svg.contains("<title id=\"chart-grounds-title\">Refusal grounds</title>"));
        assert_eq!(xml("a<b & \"c\""), "a&lt;b &amp; &quot;c&quot;");
    }
}
