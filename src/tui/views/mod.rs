//! Drawing: one file per screen, each a `render(&App, area, buffer)` that
//! reads the application through its accessors and draws with the theme,
//! returning where the text cursor goes. This module splits the terminal
//! into title, body, footer and status line and picks the screen's view.
//!
//! May use: `app` (its accessors), `layout`, `theme`, `keys` (the footer
//! and Help are the key table), the text layer through `vn`. Views never
//! change state: everything they show was decided by `update`.

pub mod awards;
pub mod checks;
pub mod covenant;
pub mod covenant_history;
pub mod entry;
pub mod figure;
pub mod grid;
pub mod help;
pub mod history;
pub mod indicator_finder;
pub mod matrix;
pub mod paint;
pub mod period_picker;
pub mod provinces;
pub mod ranking;
pub mod remark;
pub mod score;
pub mod score_sheet;
pub mod status;
pub mod summary;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect, Size};

use super::app::{App, ReviewScreen, Screen};
use super::layout::regions;
use super::vn::Align;
use paint::put;

/// Draw the whole screen on a ratatui frame (tests, `TestBackend`).
pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    if let Some(p) = draw(app, area, frame.buffer_mut()) {
        frame.set_cursor_position(p);
    }
}

/// Draw the whole screen into `buf`; where the text cursor goes (None:
/// hidden).
pub fn draw(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    let need = app.screen().min_size();
    if area.width < need.width || area.height < need.height {
        too_small(app, need, area, buf);
        return None;
    }
    let r = regions(area);
    status::title(app, r.title, buf);
    let cursor = body(app, r.body, buf);
    // A comment being written is typed on the title line.
    let cursor = remark::title_field(app, r.title, buf).or(cursor);
    if !status::long_message(app, r.footer, r.status, buf) {
        status::footer(app, r.footer, buf);
        status::status_line(app, r.status, buf);
    }
    cursor
}

/// Draw the current screen's body in `area`: while the period's figures
/// are read, the one-line progress instead.
pub fn body(app: &App, area: Rect, buf: &mut Buffer) -> Option<Position> {
    if let Some(period) = app.loading() {
        loading(app, period, area, buf);
        return None;
    }
    match app.screen() {
        Screen::Provinces => provinces::render(app, area, buf),
        Screen::Entry => entry::render(app, area, buf),
        Screen::Matrix => matrix::render(app, area, buf),
        Screen::History => history::render(app, area, buf),
        Screen::Help => help::render(app, area, buf),
        Screen::PeriodPicker => period_picker::render(app, area, buf),
        Screen::IndicatorFinder => indicator_finder::render(app, area, buf),
        Screen::Review(ReviewScreen::Summary) => summary::render(app, area, buf),
        Screen::Review(ReviewScreen::Ranking) => ranking::render(app, area, buf),
        Screen::Review(ReviewScreen::Score) => score::render(app, area, buf),
        Screen::Review(ReviewScreen::Awards) => awards::render(app, area, buf),
        Screen::Checks => checks::render(app, area, buf),
        Screen::Covenant => covenant::render(app, area, buf),
    }
}

/// What the body says while a period's figures are read.
fn loading(app: &App, period: crate::model::Period, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    put(
        buf,
        app.profile(),
        Rect::new(area.x, area.y + area.height / 2, area.width, 1),
        &crate::tui::app::loading_text(period),
        Align::Center,
        app.theme().text(),
    );
}

/// A short centred notice instead of a screen that cannot fit.
fn too_small(app: &App, need: Size, area: Rect, buf: &mut Buffer) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let lines = [
        "Cửa sổ quá nhỏ".to_string(),
        format!("cần {}×{}", need.width, need.height),
        "Ctrl+Q: thoát".to_string(),
    ];
    let shown = usize::from(area.height).min(lines.len());
    let top = area.y + (area.height - shown as u16) / 2;
    for (i, line) in lines.iter().take(shown).enumerate() {
        put(
            buf,
            app.profile(),
            Rect::new(area.x, top + i as u16, area.width, 1),
            line,
            Align::Center,
            app.theme().text(),
        );
    }
}
