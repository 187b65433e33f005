//! Licence and refusal documents as PDF: real text in Kazakh and Russian set
//! in an embedded Noto Sans (subset to the glyphs used, with a ToUnicode map
//! so the text can be searched and extracted), and a QR code, drawn as
//! vector squares, that opens the public verification page.

use std::sync::Arc;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};
use shared::calendar::Timestamp;
use shared::i18n::{Lang, Msg};
use shared::review::{AnnexRecord, LicenceRecord};
use shared::workflow::RefusalGround;

use crate::AppError;

static REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
static BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    /// The embedded font could not be read.
    #[error("the embedded font cannot be read")]
    Font,
    /// The QR code could not be made.
    #[error("QR code: {0}")]
    Qr(String),
    /// krilla refused the document.
    #[error("PDF: {0}")]
    Write(String),
}

impl From<PdfError> for AppError {
    fn from(e: PdfError) -> AppError {
        AppError::Internal(e.to_string())
    }
}

struct Fonts {
    regular: Font,
    bold: Font,
}

fn fonts() -> Result<Fonts, PdfError> {
    let load = |bytes: &'static [u8]| Font::new(Arc::new(bytes.to_vec()).into(), 0).ok_or(PdfError::Font);
    Ok(Fonts {
        regular: load(REGULAR)?,
        bold: load(BOLD)?,
    })
}

/// A page being written top to bottom.
struct Writer<'a, 'b> {
    surface: &'a mut Surface<'b>,
    fonts: &'a Fonts,
    y: f32,
}

impl Writer<'_, '_> {
    fn text(&mut self, text: &str, size: f32, bold: bool) {
        // Noto Sans averages about half an em per letter; wrap a little early.
        let per_line = ((WIDTH - 2.0 * MARGIN) / (size * 0.56)) as usize;
        for line in wrap(text, per_line.max(10)) {
            self.y += size * 1.35;
            let font = if bold { &self.fonts.bold } else { &self.fonts.regular };
            self.surface.draw_text(
                Point::from_xy(MARGIN, self.y),
                font.clone(),
                size,
                &line,
                false,
                TextDirection::Auto,
            );
        }
    }

    fn gap(&mut self, points: f32) {
        self.y += points;
    }

    /// A label in Kazakh and Russian, then its value.
    fn field(&mut self, label: Msg, value: &str) {
        self.text(
            &format!("{} / {}", label.text(Lang::Kk), label.text(Lang::Ru)),
            8.5,
            false,
        );
        self.text(value, 11.0, true);
        self.gap(4.0);
    }
}

/// Splits text into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.lines() {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        lines.push(line);
    }
    lines
}

/// Draws a QR code of `url` with its top-left corner at (x, y), `size` wide.
fn qr(surface: &mut Surface<'_>, url: &str, x: f32, y: f32, size: f32) -> Result<(), PdfError> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| PdfError::Qr(e.to_string()))?;
    let n = code.width();
    let quiet = 2;
    let cell = size / (n + 2 * quiet) as f32;
    let colors = code.to_colors();
    let mut path = PathBuilder::new();
    for (i, c) in colors.iter().enumerate() {
        if *c == qrcode::Color::Dark {
            let (col, row) = (i % n + quiet, i / n + quiet);
            if let Some(r) = Rect::from_xywh(x + col as f32 * cell, y + row as f32 * cell, cell, cell) {
                path.push_rect(r);
            }
        }
    }
    if let Some(path) = path.finish() {
        surface.set_fill(Some(krilla::paint::Fill::default()));
        surface.draw_path(&path);
    }
    Ok(())
}

fn date(unix: i64) -> String {
    let t = Timestamp::from_unix(unix);
    let (y, m, d) = t.local_date().ymd();
    format!("{d:02}.{m:02}.{y}")
}

fn service_title(code: &str) -> String {
    shared::catalog::catalog()
        .service(code)
        .map(|s| format!("{}\n{}", s.short_title.get(Lang::Kk), s.short_title.get(Lang::Ru)))
        .unwrap_or_else(|| code.to_owned())
}

fn provider_name(code: &str) -> String {
    shared::catalog::catalog()
        .providers
        .get(code)
        .map(|p| format!("{}\n{}", p.name.get(Lang::Kk), p.name.get(Lang::Ru)))
        .unwrap_or_else(|| code.to_owned())
}

fn document(title: &str, build: impl FnOnce(&mut Writer<'_, '_>) -> Result<(), PdfError>) -> Result<Vec<u8>, PdfError> {
    pages(title, vec![Box::new(build)])
}

/// A page's content, drawn by a writer.
type PageBuild<'p> = Box<dyn FnOnce(&mut Writer<'_, '_>) -> Result<(), PdfError> + 'p>;

/// A document of several A4 pages, each drawn from the top.
fn pages(title: &str, builds: Vec<PageBuild<'_>>) -> Result<Vec<u8>, PdfError> {
    let fonts = fonts()?;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language("kk".to_owned())
            .creator("Ruqsat".to_owned()),
    );
    for build in builds {
        let settings = PageSettings::from_wh(WIDTH, HEIGHT).ok_or(PdfError::Write("page size".to_owned()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        let mut w = Writer {
            surface: &mut surface,
            fonts: &fonts,
            y: MARGIN,
        };
        build(&mut w)?;
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

fn signature_block(w: &mut Writer<'_, '_>, signer: &str, serial: &str, at: i64, url: &str) -> Result<(), PdfError> {
    w.gap(10.0);
    w.field(Msg::PdfSigned, &format!("{signer}, {}", date(at)));
    w.field(Msg::PdfCertificate, serial);
    let top = HEIGHT - MARGIN - 110.0;
    qr(w.surface, url, WIDTH - MARGIN - 110.0, top, 110.0)?;
    w.y = top + 20.0;
    w.text(
        &format!("{} / {}:", Msg::PdfVerify.text(Lang::Kk), Msg::PdfVerify.text(Lang::Ru)),
        8.5,
        false,
    );
    w.text(url, 8.5, false);
    Ok(())
}

/// A table of text, as a report's PDF shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextTable {
    /// Its title.
    pub title: String,
    /// The column headers.
    pub columns: Vec<String>,
    /// The rows.
    pub rows: Vec<Vec<String>>,
}

/// One piece of text laid out on a page.
struct Placed {
    x: f32,
    y: f32,
    size: f32,
    bold: bool,
    text: String,
}

/// Cuts a cell's text to what fits its column.
fn fit(text: &str, width: f32, size: f32) -> String {
    let max = (width / (size * 0.55)) as usize;
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let cut: String = text.chars().take(max.saturating_sub(1)).collect();
        format!("{cut}…")
    }
}

/// A report of tables on landscape pages, as many as they take: the title
/// and the lines under it, then each table with its header row repeated on
/// each page it runs onto. The CSV of each table carries the full texts.
pub fn tables(title: &str, lines: &[String], tables: &[TextTable], lang: Lang) -> Result<Vec<u8>, PdfError> {
    let (width, height) = (HEIGHT, WIDTH);
    let bottom = height - MARGIN;
    let inner = width - 2.0 * MARGIN;
    let mut pages: Vec<Vec<Placed>> = vec![Vec::new()];
    let mut y = MARGIN;
    let place = |pages: &mut Vec<Vec<Placed>>, x: f32, y: f32, size: f32, bold: bool, text: String| {
        if let Some(page) = pages.last_mut() {
            page.push(Placed { x, y, size, bold, text });
        }
    };
    y += 18.0;
    place(&mut pages, MARGIN, y, 16.0, true, title.to_owned());
    for line in lines {
        y += 14.0;
        place(&mut pages, MARGIN, y, 10.0, false, line.clone());
    }
    const ROW: f32 = 12.5;
    for t in tables {
        if y + 24.0 + 3.0 * ROW > bottom {
            pages.push(Vec::new());
            y = MARGIN;
        }
        y += 24.0;
        place(&mut pages, MARGIN, y, 12.0, true, t.title.clone());
        let n = t.columns.len().max(1);
        // The first column (names) gets twice a number's room.
        let unit = inner / (n as f32 + 1.0);
        let xs: Vec<(f32, f32)> = (0..n)
            .map(|i| {
                if i == 0 {
                    (MARGIN, 2.0 * unit)
                } else {
                    (MARGIN + unit * (i as f32 + 1.0), unit)
                }
            })
            .collect();
        let header = |pages: &mut Vec<Vec<Placed>>, y: f32| {
            for (c, (x, w)) in t.columns.iter().zip(&xs) {
                place(pages, *x, y, 7.5, true, fit(c, *w - 4.0, 7.5));
            }
        };
        y += ROW + 2.0;
        header(&mut pages, y);
        for row in &t.rows {
            if y + ROW > bottom {
                pages.push(Vec::new());
                y = MARGIN + ROW;
                header(&mut pages, y);
            }
            y += ROW;
            for (c, (x, w)) in row.iter().zip(&xs) {
                place(&mut pages, *x, y, 8.0, false, fit(c, *w - 4.0, 8.0));
            }
        }
    }
    let fonts = fonts()?;
    let mut doc = Document::new();
    doc.set_metadata(
        Metadata::new()
            .title(title.to_owned())
            .language(lang.code().to_owned())
            .creator("Ruqsat".to_owned()),
    );
    for placed in pages {
        let settings = PageSettings::from_wh(width, height).ok_or(PdfError::Write("page size".to_owned()))?;
        let mut page = doc.start_page_with(settings);
        let mut surface = page.surface();
        for p in placed {
            let font = if p.bold { &fonts.bold } else { &fonts.regular };
            surface.draw_text(
                Point::from_xy(p.x, p.y),
                font.clone(),
                p.size,
                &p.text,
                false,
                TextDirection::Auto,
            );
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError::Write(format!("{e:?}")))
}

/// The licence document; `sealed` when it is handed out on paper at the
/// provider's office, printed, sealed and signed by the head (seed 003,
/// veterinary §5): it then carries the place for the seal and signature.
pub fn licence(l: &LicenceRecord, verify_url: &str, sealed: bool) -> Result<Vec<u8>, PdfError> {
    licence_with_annexes(l, verify_url, sealed, &[])
}

/// A licence and, each on a page of its own, the annexes issued with it,
/// each with its own verification address.
pub fn licence_with_annexes(
    l: &LicenceRecord,
    verify_url: &str,
    sealed: bool,
    annexes: &[(&AnnexRecord, String)],
) -> Result<Vec<u8>, PdfError> {
    let title = format!("{} {}", Msg::PdfLicenceTitle.text(Lang::Ru), l.number);
    let mut builds: Vec<PageBuild<'_>> = vec![Box::new(move |w: &mut Writer<'_, '_>| {
        licence_page(w, l, verify_url, sealed)
    })];
    for (a, url) in annexes {
        builds.push(Box::new(move |w: &mut Writer<'_, '_>| annex_page(w, a, l, url, sealed)));
    }
    pages(&title, builds)
}

/// An annex alone (issued later to the licence, or a duplicate).
pub fn annex(a: &AnnexRecord, l: &LicenceRecord, verify_url: &str, sealed: bool) -> Result<Vec<u8>, PdfError> {
    let title = format!("{} {}", Msg::PdfAnnex.text(Lang::Ru), a.number);
    document(&title, |w| annex_page(w, a, l, verify_url, sealed))
}

/// The annex's page: its number, the licence it belongs to, its holder and
/// what it lists (seed 003:315-317).
fn annex_page(
    w: &mut Writer<'_, '_>,
    a: &AnnexRecord,
    l: &LicenceRecord,
    verify_url: &str,
    sealed: bool,
) -> Result<(), PdfError> {
    w.text(&Msg::PdfAnnex.text(Lang::Kk).to_uppercase(), 18.0, true);
    w.text(&Msg::PdfAnnex.text(Lang::Ru).to_uppercase(), 18.0, true);
    w.text(&format!("№ {}", a.number), 14.0, true);
    if let Some(of) = &a.duplicate_of {
        for lang in [Lang::Kk, Lang::Ru] {
            w.text(&Msg::PdfAnnexDuplicate.text(lang).replace("{of}", of), 11.0, true);
        }
    }
    w.gap(14.0);
    w.field(Msg::PdfAnnexOf, &a.licence);
    w.field(Msg::PdfHolder, &format!("{}, {}", l.holder_name, l.holder_id));
    w.field(Msg::PdfActivity, &service_title(&l.service));
    w.field(Msg::PdfProvider, &provider_name(&l.provider));
    w.field(Msg::PdfIssued, &date(a.issued_at));
    w.field(Msg::PdfAnnexActivities, &a.activities);
    if sealed {
        w.gap(10.0);
        w.field(Msg::PdfHandOutPlace, "М. О. / М. П. ______________________");
    }
    signature_block(w, &a.signed_by, &a.certificate_serial, a.issued_at, verify_url)
}

fn licence_page(w: &mut Writer<'_, '_>, l: &LicenceRecord, verify_url: &str, sealed: bool) -> Result<(), PdfError> {
    w.text(Msg::PdfLicenceTitle.text(Lang::Kk), 18.0, true);
    w.text(Msg::PdfLicenceTitle.text(Lang::Ru), 18.0, true);
    w.text(&format!("№ {}", l.number), 14.0, true);
    if let Some(of) = &l.duplicate_of {
        for lang in [Lang::Kk, Lang::Ru] {
            w.text(&Msg::PdfDuplicate.text(lang).replace("{of}", of), 11.0, true);
        }
    }
    if let Some(of) = &l.supersedes {
        for lang in [Lang::Kk, Lang::Ru] {
            let text = Msg::PdfVersion
                .text(lang)
                .replace("{of}", of)
                .replace("{version}", &l.version.to_string());
            w.text(&text, 10.0, false);
        }
    }
    w.gap(14.0);
    w.field(Msg::PdfHolder, &format!("{}, {}", l.holder_name, l.holder_id));
    w.field(Msg::PdfActivity, &service_title(&l.service));
    w.field(Msg::PdfProvider, &provider_name(&l.provider));
    w.field(Msg::PdfIssued, &date(l.issued_at));
    let validity = match l.valid_until {
        Some(d) => {
            let (y, m, dd) = d.ymd();
            format!("{dd:02}.{m:02}.{y}")
        }
        None => format!(
            "{} / {}",
            Msg::PdfIndefinite.text(Lang::Kk),
            Msg::PdfIndefinite.text(Lang::Ru)
        ),
    };
    w.field(Msg::PdfValidUntil, &validity);
    if !l.annex.is_empty() {
        w.field(Msg::PdfAnnex, &l.annex);
    }
    // Annexes are documents of their own; the licence names them.
    if !l.annexes.is_empty() {
        let numbers: Vec<&str> = l.annexes.iter().map(|a| a.number.as_str()).collect();
        w.field(Msg::PdfAnnexes, &numbers.join(", "));
    }
    if sealed {
        w.gap(10.0);
        w.field(Msg::PdfHandOutPlace, "М. О. / М. П. ______________________");
    }
    signature_block(w, &l.signed_by, &l.certificate_serial, l.issued_at, verify_url)
}

/// The signed notice of where and when to collect a certificate on paper
/// (seed 001:63): the portal's result for the certificate.
pub fn collection_notice(l: &LicenceRecord, place: &str, from: &str, verify_url: &str) -> Result<Vec<u8>, PdfError> {
    let title = format!("{} {}", Msg::PdfCollectionTitle.text(Lang::Ru), l.number);
    document(&title, |w| {
        w.text(Msg::PdfCollectionTitle.text(Lang::Kk), 15.0, true);
        w.text(Msg::PdfCollectionTitle.text(Lang::Ru), 15.0, true);
        if let Some(of) = &l.duplicate_of {
            for lang in [Lang::Kk, Lang::Ru] {
                w.text(&Msg::PdfCertificateDuplicate.text(lang).replace("{of}", of), 11.0, true);
            }
        }
        w.gap(14.0);
        w.field(Msg::PdfCertificateNumber, &l.number);
        w.field(Msg::PdfRecipient, &format!("{}, {}", l.holder_name, l.holder_id));
        w.field(Msg::PdfActivity, &service_title(&l.service));
        w.field(Msg::PdfIssuer, &provider_name(&l.provider));
        w.field(Msg::PdfCollectionPlace, place);
        let from = from
            .parse::<shared::date::Date>()
            .map(|d| {
                let (y, m, dd) = d.ymd();
                format!("{dd:02}.{m:02}.{y}")
            })
            .unwrap_or_else(|_| from.to_owned());
        w.field(Msg::PdfCollectionDate, &from);
        w.gap(6.0);
        for lang in [Lang::Kk, Lang::Ru] {
            for line in wrap(Msg::PdfCollectionBring.text(lang), 95) {
                w.text(&line, 9.5, false);
            }
        }
        signature_block(w, &l.signed_by, &l.certificate_serial, l.issued_at, verify_url)
    })
}

/// The refusal's title: of the licence asked for (its issue,
/// re-registration or duplicate), or, for a result on paper, the seed's
/// "written reasoned refusal of the result" (001:61).
pub fn refusal_title(service: &str, request: shared::catalog::RequestType) -> Msg {
    use shared::catalog::RequestType as R;
    let paper = shared::catalog::catalog()
        .service(service)
        .is_some_and(|s| s.document == shared::kinds::ResultDocument::Certificate);
    match (paper, request) {
        (true, _) => Msg::PdfRefusalResultTitle,
        (false, R::Issuance) => Msg::PdfRefusalTitle,
        (false, R::Reregistration) => Msg::PdfRefusalReregistrationTitle,
        (false, R::Duplicate) => Msg::PdfRefusalDuplicateTitle,
    }
}

/// What a refusal document says.
#[derive(Clone, Copy, Debug)]
pub struct Refusal<'a> {
    /// Its title ([`refusal_title`]).
    pub title: Msg,
    /// The application's number.
    pub application: &'a str,
    /// The applicant.
    pub applicant: &'a str,
    /// IIN/BIN.
    pub applicant_id: &'a str,
    /// The service's code.
    pub service: &'a str,
    /// The provider's code.
    pub provider: &'a str,
    /// The grounds.
    pub grounds: &'a [RefusalGround],
    /// The explanation.
    pub explanation: &'a str,
    /// When signed.
    pub signed_at: i64,
    /// The signer.
    pub signer: &'a str,
    /// The signer's certificate serial.
    pub serial: &'a str,
    /// The verification page.
    pub verify_url: &'a str,
}

/// The reasoned refusal document.
pub fn refusal(r: &Refusal<'_>) -> Result<Vec<u8>, PdfError> {
    let title = format!("{} {}", r.title.text(Lang::Ru), r.application);
    document(&title, |w| {
        for lang in [Lang::Kk, Lang::Ru] {
            for line in wrap(r.title.text(lang), 60) {
                w.text(&line, 15.0, true);
            }
        }
        w.gap(14.0);
        w.field(Msg::PdfApplication, r.application);
        w.field(Msg::PdfApplicant, &format!("{}, {}", r.applicant, r.applicant_id));
        w.field(Msg::PdfActivity, &service_title(r.service));
        w.field(Msg::PdfProvider, &provider_name(r.provider));
        let grounds: Vec<String> = r
            .grounds
            .iter()
            .map(|g| format!("— {} / {}", g.label().text(Lang::Kk), g.label().text(Lang::Ru)))
            .collect();
        w.field(Msg::PdfGrounds, &grounds.join("\n"));
        w.field(Msg::PdfExplanation, r.explanation);
        w.field(Msg::PdfDate, &date(r.signed_at));
        signature_block(w, r.signer, r.serial, r.signed_at, r.verify_url)
    })
}

/// What a counter's paper for the applicant says: the receipt (қолхат) of
/// a service centre (seed 001:155), the inventory list of the documents
/// accepted with the date of acceptance (003:361), or the copy of the
/// registered application with its incoming number (004).
#[derive(Clone, Debug)]
pub struct CounterPaper<'a> {
    /// Its title (`PdfReceiptTitle`, `PdfInventoryTitle`, `PdfApplicationCopyTitle`).
    pub title: Msg,
    /// The receipt's number.
    pub receipt: &'a str,
    /// The application's registration number.
    pub application: &'a str,
    /// The provider's incoming number, when it is given at once.
    pub incoming: Option<&'a str>,
    /// The organisation whose counter took it.
    pub org: &'a str,
    /// The operator or clerk.
    pub operator: &'a str,
    /// The applicant and their IIN/BIN.
    pub applicant: String,
    /// The representative and their power, if one applied.
    pub representative: Option<String>,
    /// The service's code.
    pub service: &'a str,
    /// The request type's title in Kazakh and Russian.
    pub request: String,
    /// The documents accepted: title, how presented, pages.
    pub documents: Vec<(String, Msg, usize)>,
    /// When accepted.
    pub accepted_at: i64,
    /// When the result is due.
    pub ready_by: Option<i64>,
    /// Where its status is followed (the QR code).
    pub status_url: &'a str,
}

fn date_time(unix: i64) -> String {
    Timestamp::from_unix(unix).local_text()
}

/// The counter's paper for the applicant, printable at the counter.
pub fn counter_paper(p: &CounterPaper<'_>) -> Result<Vec<u8>, PdfError> {
    let title = format!("{} {}", p.title.text(Lang::Ru), p.receipt);
    document(&title, |w| {
        w.text(p.title.text(Lang::Kk), 15.0, true);
        w.text(p.title.text(Lang::Ru), 15.0, true);
        w.gap(10.0);
        w.field(Msg::PdfReceiptNumber, p.receipt);
        w.field(Msg::PdfApplication, p.application);
        if let Some(n) = p.incoming {
            w.field(Msg::PdfIncomingNumber, n);
        }
        w.field(Msg::PdfAcceptedAt, &date_time(p.accepted_at));
        w.field(Msg::PdfAcceptedBy, &format!("{}\n{}", provider_name(p.org), p.operator));
        w.field(Msg::PdfApplicant, &p.applicant);
        if let Some(r) = &p.representative {
            w.field(Msg::PdfRepresentative, r);
        }
        w.field(
            Msg::PdfActivity,
            &format!("{}\n{}", service_title(p.service), p.request),
        );
        let lines: Vec<String> = p
            .documents
            .iter()
            .map(|(title, how, pages)| {
                format!(
                    "— {title}: {} / {}, {pages} {}",
                    how.text(Lang::Kk),
                    how.text(Lang::Ru),
                    Msg::PdfPages.text(Lang::Ru)
                )
            })
            .collect();
        w.field(Msg::PdfDocumentsAccepted, &lines.join("\n"));
        if let Some(at) = p.ready_by {
            w.field(Msg::PdfReadyBy, &date_time(at));
        }
        let top = HEIGHT - MARGIN - 110.0;
        qr(w.surface, p.status_url, WIDTH - MARGIN - 110.0, top, 110.0)?;
        w.y = top + 20.0;
        w.text(
            &format!(
                "{} / {}:",
                Msg::PdfStatusCheck.text(Lang::Kk),
                Msg::PdfStatusCheck.text(Lang::Ru)
            ),
            8.5,
            false,
        );
        w.text(p.status_url, 8.5, false);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_wraps_at_spaces() {
        let lines = wrap("один два три четыре пять", 9);
        assert_eq!(lines, ["один два", "три", "четыре", "пять"]);
    }
}
