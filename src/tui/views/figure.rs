//! How a figure reads in a cell of Entry and the Matrix: a typed figure
//! with the decimals it was typed with (at least its indicator's, at most
//! [`vn::EXTRA_DECIMALS`] more: a plan of 3.327,24 is not `3.327`), a
//! figure worked out from others with its indicator's decimals; and a
//! figure too wide for its column as `###` — never cut with an ellipsis
//! (`123.456.7…` reads as another number) — with the whole figure on the
//! title line while it is selected ([`selected_overflow`]).
//!
//! A figure the report qualifies shows one mark before it — `ư` ước đạt,
//! `>` trên/hơn, `~` khoảng, `+` several — one narrow cell on every
//! terminal profile (`u` in ASCII), dropped where the figure alone just
//! fits; the selected figure's qualifiers and comment are told in words
//! on the title line ([`selected_remark`]).

use std::borrow::Cow;

use rust_decimal::Decimal;

use crate::model::compose::Composition;
use crate::model::{Figure, Indicator, Shown, Source, ValueKey};
use crate::tui::app::{App, EntryColumn, Screen};
use crate::tui::layout::{self, EntryColumns};
use crate::tui::session::Session;
use crate::tui::vn;

/// A stored figure as typed; a derived one (`derived`) as its indicator
/// rounds it.
pub fn text(ind: &Indicator, v: Decimal, derived: bool) -> String {
    if derived {
        vn::number(v, ind.decimals)
    } else {
        vn::figure(v, ind)
    }
}

/// The mark of a figure composed of other units' (a merged unit's
/// territory before its merger): ASCII, one column on every profile.
pub const COMPOSED_MARK: char = '*';

/// A shown figure (stored or derived), empty when there is none; a
/// composed one carries [`COMPOSED_MARK`].
pub fn shown_text(ind: &Indicator, shown: Option<Shown>) -> String {
    match shown {
        Some(s) if s.source == Source::Composed => {
            format!("{}{COMPOSED_MARK}", text(ind, s.value, true))
        }
        Some(s) => text(ind, s.value, s.is_derived()),
        None => String::new(),
    }
}

/// The same period last year of a unit whose territory then was composed
/// but gives no number (not comparable across the merger, a part
/// missing) though some part reported: the mark alone, the words on the
/// title line when selected.
pub fn composed_without_number(data: &Session, province: &str, ind: &Indicator) -> bool {
    data.period_data()
        .last_year(province, ind)
        .is_some_and(|t| {
            // Some part reported: where none did there is nothing to say.
            let reported = t
                .parts
                .iter()
                .any(|p| p.inputs.iter().any(|(_, v)| v.is_some()));
            t.composed
                && reported
                && matches!(
                    t.outcome,
                    Composition::NotComparable
                        | Composition::Partial { .. }
                        | Composition::Undefined
                )
        })
}

/// The one-cell mark of a figure's qualifiers, if it has any.
pub fn mark(f: &Figure) -> Option<&'static str> {
    let q = &f.qualifiers;
    match (q.estimate, q.lower_bound, q.approx) {
        (false, false, false) => None,
        (true, false, false) => Some("ư"),
        (false, true, false) => Some(">"),
        (false, false, true) => Some("~"),
        _ => Some("+"),
    }
}

/// A cell's text with the mark of the stored figure (`stored`) before
/// it, where both fit `w` columns.
pub fn marked(text: &str, stored: Option<&Figure>, w: usize) -> String {
    match stored.and_then(mark) {
        Some(m) if !text.is_empty() && vn::width(text) < w => format!("{m}{text}"),
        _ => text.to_string(),
    }
}

/// A figure's qualifiers in words and whether it has a comment: `ước
/// đạt, khoảng · có ghi chú (Ctrl+N)`; None for a plain figure. The
/// comment itself is read with Ctrl+N or in History: written out on the
/// title line it redrew most of that line on every Down (16 bytes a
/// Down more on the built-in data, over #17's budget).
pub fn remark_words(f: &Figure) -> Option<String> {
    use crate::tui::action::Qualifier;
    use crate::tui::app::qualifier_words;
    let q = &f.qualifiers;
    let words: Vec<&str> = [
        (q.estimate, Qualifier::Estimate),
        (q.lower_bound, Qualifier::LowerBound),
        (q.approx, Qualifier::Approx),
    ]
    .into_iter()
    .filter(|(on, _)| *on)
    .map(|(_, q)| qualifier_words(q))
    .collect();
    let mut parts = Vec::new();
    if !words.is_empty() {
        parts.push(words.join(", "));
    }
    if f.note.is_some() {
        parts.push("có ghi chú (Ctrl+N)".to_string());
    }
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// The selected cell's stored figure (Entry and the Matrix).
fn selected_figure(app: &App) -> Option<&Figure> {
    let key: ValueKey = match app.screen() {
        Screen::Entry => {
            let ind = app.indicator(app.entry_indicator()?)?;
            app.entry_key(ind, app.entry().column)?
        }
        Screen::Matrix => {
            let ind = app.indicator(app.matrix().column)?;
            let p = app.matrix_province()?;
            ValueKey::new(
                app.data().period,
                &p.code,
                &ind.code,
                crate::model::Kind::Actual,
            )
        }
        _ => return None,
    };
    app.data().figure(&key)
}

/// The selected figure's qualifiers and comment in words, for the title
/// line (between edits).
pub fn selected_remark(app: &App) -> Option<String> {
    if app.editor().is_some() {
        return None;
    }
    remark_words(selected_figure(app)?)
}

/// `text` where it fits `w` columns, else `#` across the column.
pub fn in_column(text: &str, w: usize) -> Cow<'_, str> {
    if vn::width(text) <= w {
        Cow::Borrowed(text)
    } else {
        Cow::Owned("#".repeat(w))
    }
}

/// The selected cell's figure when its column shows it as `###` (Entry
/// and the Matrix, between edits): the title line shows it whole.
pub fn selected_overflow(app: &App) -> Option<String> {
    if app.editor().is_some() {
        return None;
    }
    let data = app.data();
    let period = data.period;
    let body = layout::regions_for(app.size()).body;
    let inner_w = body.width.saturating_sub(2);
    let (text, width) = match app.screen() {
        Screen::Entry => {
            let i = app.entry_indicator()?;
            let ind = app.indicator(i)?;
            let code = &app.entry().province;
            let f = &data.figures;
            let text = match app.entry().column {
                EntryColumn::Plan => f
                    .plan(period, code, &ind.code)
                    .map(|v| text(ind, v, false))
                    .unwrap_or_default(),
                EntryColumn::Actual => {
                    shown_text(ind, f.shown_actual(&data.cluster, period, code, ind))
                }
                EntryColumn::LastYear => {
                    shown_text(ind, f.shown_last_year(&data.cluster, period, code, ind))
                }
            };
            (text, EntryColumns::for_width(inner_w).number)
        }
        Screen::Matrix => {
            let ind = app.indicator(app.matrix().column)?;
            let province = app.matrix_province()?;
            let shown = data
                .figures
                .shown_actual(&data.cluster, period, &province.code, ind);
            (shown_text(ind, shown), layout::MATRIX_COL_W)
        }
        _ => return None,
    };
    (vn::width(&text) > usize::from(width)).then_some(text)
}
