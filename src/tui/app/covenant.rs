//! The covenant screen (Ctrl+O): the units (their versions and mergers),
//! the members of the shown period's covenant year (their roles) and the
//! year's criteria, three lists side by side in sections (Tab). An admin
//! edits them one field at a time with the same text field as a figure:
//! a criterion's name, unit, decimals, range, rule and whether it is in
//! the covenant; a member's role; a unit's name and a merger (of one or
//! several units at once, under a new name and kind where it changes). Ctrl+N adds
//! an item of the section; Del retires a criterion from the year (or a
//! member), asked twice. Every edit carries what the officer saw: one
//! another admin changed meanwhile is refused, says who and when, and the
//! next Enter writes it over what is now there. The rights are the
//! server's: the screen only tells a province officer or a viewer before
//! typing, and shows them the same lists.

use chrono::NaiveDate;
use tui_input::Input;

use super::{App, Level, Screen, text_field};
use crate::model::calendar::parse_day;
use crate::model::covenant::{CovenantYear, Member, MemberRole};
use crate::model::criterion::{Aggregate, Criterion};
use crate::model::unit::{Unit, UnitKind, UnitVersion};
use crate::store::{CovenantEdit, CovenantState, HistoryOf, StoreError};
use crate::tui::action::Action;
use crate::tui::clock;
use crate::tui::session::SessionError;

/// The lists of the screen, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Section {
    #[default]
    Criteria,
    Members,
    Units,
}

impl Section {
    pub const ALL: [Section; 3] = [Section::Criteria, Section::Members, Section::Units];

    pub fn title(&self) -> &'static str {
        match self {
            Section::Criteria => "Chỉ tiêu",
            Section::Members => "Thành viên",
            Section::Units => "Đơn vị",
        }
    }

    /// The fields an admin edits, with their column headings.
    pub fn fields(&self) -> &'static [Field] {
        match self {
            Section::Criteria => &[
                Field::Name,
                Field::Unit,
                Field::Decimals,
                Field::Min,
                Field::Max,
                Field::Rule,
                Field::InCovenant,
            ],
            Section::Members => &[Field::Role],
            Section::Units => &[Field::UnitName, Field::Merger],
        }
    }
}

/// One editable field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
    Unit,
    Decimals,
    Min,
    Max,
    Rule,
    InCovenant,
    Role,
    UnitName,
    /// Typed as the codes taken in, the day, and the new name if it
    /// changes (`ST HG 2025-07-01 thành phố Cần Thơ`).
    Merger,
}

impl Field {
    pub fn heading(&self) -> &'static str {
        match self {
            Field::Name | Field::UnitName => "Tên",
            Field::Unit => "Đơn vị tính",
            Field::Decimals => "Số lẻ",
            Field::Min => "Từ",
            Field::Max => "Đến",
            Field::Rule => "Cách gộp",
            Field::InCovenant => "Giao ước",
            Field::Role => "Vai trò",
            Field::Merger => "Phiên bản, sáp nhập",
        }
    }
}

/// What the text field is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// A field of the selected item.
    Field(Field),
    /// A new item of the section (`MÃ Tên`, or a member's unit code).
    New(Section),
}

/// The covenant's text field.
#[derive(Debug, Clone)]
pub struct CovenantEditor {
    pub target: Target,
    pub input: Input,
}

#[derive(Debug, Default)]
pub struct CovenantScreenState {
    pub section: Section,
    /// The selected row of the section.
    pub row: usize,
    /// The selected field of the row (in `Section::fields`).
    pub field: usize,
    /// First row shown.
    pub offset: usize,
    /// The covenant as last read (None: not read, or the store keeps none).
    pub state: Option<CovenantState>,
    pub editor: Option<CovenantEditor>,
    /// Del was pressed once on this item: the next Del retires it.
    pub armed: Option<String>,
}

impl CovenantScreenState {
    /// The covenant year shown.
    pub fn year<'a>(&'a self, app: &App) -> Option<&'a CovenantYear> {
        let c = &self.state.as_ref()?.covenant;
        c.applicable(app.data().period.year)
    }

    pub fn units(&self) -> &[Unit] {
        self.state
            .as_ref()
            .map_or(&[], |s| s.covenant.units.units.as_slice())
    }
}

impl App {
    pub fn covenant_screen(&self) -> &CovenantScreenState {
        &self.covenant
    }

    /// The covenant year the screen shows (that of the period shown).
    pub fn covenant_year(&self) -> Option<&CovenantYear> {
        self.covenant.year(self)
    }

    /// Why this officer may not change the covenant (the server's rule),
    /// None for an admin or a database opened in this process.
    pub fn covenant_read_only(&self) -> Option<String> {
        self.data.may_change_covenant().err()
    }

    /// Whether the covenant's text field has the keyboard.
    pub fn editing_covenant(&self) -> bool {
        self.screen == Screen::Covenant && self.covenant.editor.is_some()
    }

    pub(super) fn open_covenant(&mut self) {
        self.reload_covenant();
        self.open(Screen::Covenant);
        if let Some(why) = self.covenant_read_only() {
            self.say(Level::Info, format!("Chỉ xem: {why}"));
        }
    }

    /// Read the covenant again (opening, after a change, another admin's).
    pub(super) fn reload_covenant(&mut self) {
        match self.data.covenant_state() {
            Ok(s) => self.covenant.state = Some(s),
            Err(e) => {
                self.covenant.state = None;
                self.say(Level::Error, e.to_string());
            }
        }
    }

    /// Rows of the shown section.
    pub fn covenant_rows(&self) -> usize {
        match self.covenant.section {
            Section::Criteria => self.covenant_year().map_or(0, |y| y.criteria.len()),
            Section::Members => self.covenant_year().map_or(0, |y| y.members.len()),
            Section::Units => self.covenant.units().len(),
        }
    }

    pub(super) fn update_covenant(&mut self, action: Action) {
        if self.covenant.editor.is_some() {
            return self.update_covenant_editor(action);
        }
        if !matches!(action, Action::Clear) {
            self.covenant.armed = None;
        }
        let last = self.covenant_rows().saturating_sub(1);
        let c = &mut self.covenant;
        let fields = c.section.fields().len().saturating_sub(1);
        let page = usize::from(self.size.height.saturating_sub(8)).max(1);
        match action {
            Action::Back => self.go_back(),
            Action::Up => c.row = c.row.saturating_sub(1),
            Action::Down => c.row = (c.row + 1).min(last),
            Action::PageUp => c.row = c.row.saturating_sub(page),
            Action::PageDown => c.row = (c.row + page).min(last),
            Action::Home => c.row = 0,
            Action::End => c.row = last,
            Action::Left => c.field = c.field.saturating_sub(1),
            Action::Right => c.field = (c.field + 1).min(fields),
            Action::NextColumn | Action::PrevColumn => {
                let i = Section::ALL
                    .iter()
                    .position(|s| *s == c.section)
                    .unwrap_or(0);
                let step = if action == Action::NextColumn { 1 } else { 2 };
                c.section = Section::ALL[(i + step) % Section::ALL.len()];
                c.row = 0;
                c.field = 0;
                c.offset = 0;
            }
            Action::Edit | Action::EditWith(_) => self.start_covenant_edit(None),
            Action::Add => self.start_covenant_edit(Some(self.covenant.section)),
            Action::Clear => self.retire_selected(),
            _ => {}
        }
    }

    fn start_covenant_edit(&mut self, new: Option<Section>) {
        if let Some(why) = self.covenant_read_only() {
            self.say(Level::Error, format!("Không sửa được giao ước: {why}"));
            return;
        }
        let (target, text) = match new {
            Some(section) => (Target::New(section), String::new()),
            None => {
                let Some(field) = self
                    .covenant
                    .section
                    .fields()
                    .get(self.covenant.field)
                    .copied()
                else {
                    return;
                };
                let Some(text) = self.field_text(field) else {
                    self.say(Level::Info, "Chưa có mục nào để sửa; Ctrl+N: thêm");
                    return;
                };
                (Target::Field(field), text)
            }
        };
        let prompt = match &target {
            Target::New(Section::Criteria) => {
                "Chỉ tiêu mới: gõ mã rồi tên (VD: XK_NONG_SAN Xuất khẩu nông sản)"
            }
            Target::New(Section::Members) => "Thành viên mới: gõ mã đơn vị (VD: KG)",
            Target::New(Section::Units) => "Đơn vị mới: gõ mã rồi tên (VD: PQ Phú Quốc)",
            Target::Field(Field::Rule) => "Cách gộp: sum, mean, mean_by:MÃ, ratio:TỬ/MẪU, none",
            Target::Field(Field::InCovenant) => "có: chấm điểm, xếp hạng; không: chỉ trích dẫn",
            Target::Field(Field::Role) => "Vai trò: thành viên, cụm trưởng, cụm phó",
            Target::Field(Field::Merger) => {
                "Nhận đơn vị nào, từ ngày nào, tên mới nếu đổi (VD: ST HG 2025-07-01 thành phố Cần Thơ)"
            }
            Target::Field(_) => "Enter lưu, Esc huỷ",
        };
        self.say(Level::Info, prompt);
        self.covenant.editor = Some(CovenantEditor {
            target,
            input: Input::new(text),
        });
    }

    fn update_covenant_editor(&mut self, action: Action) {
        match action {
            Action::Cancel => {
                self.covenant.editor = None;
                self.message = None;
            }
            Action::Commit(_) => self.commit_covenant_edit(),
            other => {
                if let Some(ed) = self.covenant.editor.as_mut() {
                    text_field::edit(&mut ed.input, other);
                }
            }
        }
    }

    /// The selected criterion, member or unit as the screen shows it.
    fn selected_criterion(&self) -> Option<&Criterion> {
        self.covenant_year()?.criteria.get(self.covenant.row)
    }

    fn selected_member(&self) -> Option<&Member> {
        self.covenant_year()?.members.get(self.covenant.row)
    }

    fn selected_covenant_unit(&self) -> Option<&Unit> {
        self.covenant.units().get(self.covenant.row)
    }

    /// A field's text as the editor opens on it.
    fn field_text(&self, field: Field) -> Option<String> {
        let cell = |c: &Criterion, name: &str| {
            c.cells()
                .into_iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| v)
        };
        match field {
            Field::Name => Some(self.selected_criterion()?.name.clone()),
            Field::Unit => Some(self.selected_criterion()?.unit.clone()),
            Field::Decimals => Some(self.selected_criterion()?.decimals.to_string()),
            Field::Min => cell(self.selected_criterion()?, "min"),
            Field::Max => cell(self.selected_criterion()?, "max"),
            Field::Rule => Some(self.selected_criterion()?.rule.to_string()),
            Field::InCovenant => Some(yes_no(self.selected_criterion()?.in_covenant).into()),
            Field::Role => Some(self.selected_member()?.role.label().into()),
            Field::UnitName => {
                let u = self.selected_covenant_unit()?;
                Some(
                    u.versions
                        .last()
                        .map(|v| v.name.clone())
                        .unwrap_or_default(),
                )
            }
            Field::Merger => {
                self.selected_covenant_unit()?;
                Some(String::new())
            }
        }
    }

    fn commit_covenant_edit(&mut self) {
        let Some(ed) = self.covenant.editor.clone() else {
            return;
        };
        let typed = ed.input.value().trim().to_string();
        let edit = match self.covenant_edit(&ed.target, &typed) {
            Ok(e) => e,
            Err(why) => {
                self.say(Level::Error, why);
                return;
            }
        };
        self.write_covenant(edit, true);
    }

    /// Send one edit; on success the lists and the cluster follow. A
    /// stale edit keeps what was typed and says who changed the item and
    /// when: the next Enter is checked against what is there now.
    fn write_covenant(&mut self, edit: CovenantEdit, from_editor: bool) {
        match self.data.change_covenant(edit) {
            Ok(outcome) => {
                if from_editor {
                    self.covenant.editor = None;
                }
                self.reload_covenant();
                let mut text = match outcome.entries.len() {
                    0 => "Giao ước không đổi".to_string(),
                    n => format!("Đã lưu giao ước ({n} mục)"),
                };
                for n in outcome.notices {
                    text.push_str("; ");
                    text.push_str(&n);
                }
                self.say(Level::Saved, text);
            }
            Err(SessionError::Store(StoreError::CovenantConflict {
                what,
                current,
                by,
                at_ms,
            })) => {
                self.reload_covenant();
                let when = clock::date_time(at_ms);
                let again = if from_editor {
                    "Enter: ghi đè bằng số vừa gõ, Esc: thôi"
                } else {
                    "Del lần nữa: bỏ hẳn"
                };
                self.say(
                    Level::Error,
                    format!("{what} vừa được {by} sửa lúc {when}, nay là: {current}. {again}"),
                );
            }
            Err(e) => self.say(Level::Error, format!("Không lưu: {e}")),
        }
    }

    /// The edit the typed text asks for, checked against the item as the
    /// screen shows it now; the reason, in Vietnamese, when it cannot be.
    fn covenant_edit(&self, target: &Target, typed: &str) -> Result<CovenantEdit, String> {
        let year = self.covenant_year().map(|y| y.year);
        let need_year = || year.ok_or_else(|| "Chưa có giao ước cho năm này".to_string());
        match target {
            Target::New(Section::Criteria) => {
                let year = need_year()?;
                let (code, name) = code_and_name(typed)?;
                let template = self
                    .selected_criterion()
                    .or_else(|| self.covenant_year().and_then(|y| y.criteria.last()))
                    .ok_or("Năm này chưa có chỉ tiêu nào để làm mẫu; hãy nhập từ tệp")?;
                let last = self
                    .covenant_year()
                    .and_then(|y| y.criteria.iter().map(|c| c.order).max())
                    .unwrap_or(0);
                let mut c = template.clone();
                c.code = code;
                c.name = name;
                c.order = last + 1;
                // A figure the report quotes until the admin says otherwise:
                // it joins no points tree by being added.
                c.in_covenant = false;
                c.scoring = Default::default();
                c.note = String::new();
                Ok(CovenantEdit::Criterion {
                    year,
                    seen: None,
                    new: Some(Box::new(c)),
                })
            }
            Target::New(Section::Members) => {
                let year = need_year()?;
                let code = crate::io::covenant::cells::code(typed)?;
                Ok(CovenantEdit::Member {
                    year,
                    seen: None,
                    new: Some(Member {
                        unit: code,
                        role: MemberRole::Member,
                        note: String::new(),
                    }),
                })
            }
            Target::New(Section::Units) => {
                let (code, name) = code_and_name(typed)?;
                Ok(CovenantEdit::Unit {
                    seen: None,
                    new: Unit {
                        code,
                        versions: vec![UnitVersion {
                            name,
                            kind: UnitKind::Province,
                            valid_from: None,
                            valid_until: None,
                            takes_in: Vec::new(),
                        }],
                    },
                })
            }
            Target::Field(Field::Role) => {
                let year = need_year()?;
                let seen = self.selected_member().ok_or("Không còn thành viên này")?;
                let role = parse_role(typed)?;
                Ok(CovenantEdit::Member {
                    year,
                    seen: Some(seen.clone()),
                    new: Some(Member {
                        role,
                        ..seen.clone()
                    }),
                })
            }
            Target::Field(Field::UnitName) => {
                let seen = self
                    .selected_covenant_unit()
                    .ok_or("Không còn đơn vị này")?;
                let name = crate::text::normalize::clean_name(typed);
                if name.is_empty() {
                    return Err("Tên đơn vị không được để trống".into());
                }
                let mut new = seen.clone();
                if let Some(v) = new.versions.last_mut() {
                    v.name = name;
                }
                Ok(CovenantEdit::Unit {
                    seen: Some(seen.clone()),
                    new,
                })
            }
            Target::Field(Field::Merger) => {
                let seen = self
                    .selected_covenant_unit()
                    .ok_or("Không còn đơn vị này")?;
                let typed = merger(typed)?;
                let units = self.covenant.units();
                let mut concerned = vec![seen.clone()];
                for code in &typed.takes_in {
                    if let Some(u) = units.iter().find(|u| &u.code == code) {
                        concerned.push(u.clone());
                    }
                }
                Ok(CovenantEdit::Merger {
                    unit: seen.code.clone(),
                    on: typed.on,
                    takes_in: typed.takes_in,
                    name: typed.name,
                    seen: concerned,
                    kind: typed.kind,
                })
            }
            Target::Field(field) => {
                let year = need_year()?;
                let seen = self.selected_criterion().ok_or("Không còn chỉ tiêu này")?;
                let mut new = seen.clone();
                set_criterion_field(&mut new, *field, typed)?;
                Ok(CovenantEdit::Criterion {
                    year,
                    seen: Some(Box::new(seen.clone())),
                    new: Some(Box::new(new)),
                })
            }
        }
    }

    /// Whose changes F3 lists: the selected criterion (in every year, as
    /// codes are stable), member (its membership in every year) or unit
    /// (its versions and mergers).
    pub(super) fn covenant_history_subject(&self) -> Option<HistoryOf> {
        Some(match self.covenant.section {
            Section::Criteria => HistoryOf::Criterion(self.selected_criterion()?.code.clone()),
            Section::Members => HistoryOf::Member(self.selected_member()?.unit.clone()),
            Section::Units => HistoryOf::Unit(self.selected_covenant_unit()?.code.clone()),
        })
    }

    /// Del on a criterion or a member: asked first, retired on the second.
    fn retire_selected(&mut self) {
        if let Some(why) = self.covenant_read_only() {
            self.say(Level::Error, format!("Không sửa được giao ước: {why}"));
            return;
        }
        let Some(year) = self.covenant_year().map(|y| y.year) else {
            return;
        };
        let (key, edit, what) = match self.covenant.section {
            Section::Criteria => {
                let Some(c) = self.selected_criterion() else {
                    return;
                };
                (
                    format!("c:{}", c.code),
                    CovenantEdit::Criterion {
                        year,
                        seen: Some(Box::new(c.clone())),
                        new: None,
                    },
                    format!("bỏ chỉ tiêu «{}» khỏi giao ước năm {year}", c.name),
                )
            }
            Section::Members => {
                let Some(m) = self.selected_member() else {
                    return;
                };
                (
                    format!("m:{}", m.unit),
                    CovenantEdit::Member {
                        year,
                        seen: Some(m.clone()),
                        new: None,
                    },
                    format!("bỏ {} khỏi thành viên năm {year}", m.unit),
                )
            }
            Section::Units => {
                self.say(
                    Level::Info,
                    "Đơn vị không bỏ được (lịch sử của số liệu); ghi sáp nhập hoặc sửa units.csv",
                );
                return;
            }
        };
        if self.covenant.armed.as_deref() == Some(key.as_str()) {
            self.covenant.armed = None;
            self.write_covenant(edit, false);
        } else {
            self.covenant.armed = Some(key);
            self.say(
                Level::Info,
                format!("Nhấn Del lần nữa để {what}; phím khác: thôi"),
            );
        }
    }

    pub(super) fn clamp_covenant(&mut self) {
        let rows = self.covenant_rows();
        let visible = usize::from(self.size.height.saturating_sub(8)).max(1);
        let c = &mut self.covenant;
        c.row = c.row.min(rows.saturating_sub(1));
        c.field = c.field.min(c.section.fields().len().saturating_sub(1));
        if c.row < c.offset {
            c.offset = c.row;
        }
        if c.row >= c.offset + visible {
            c.offset = c.row + 1 - visible;
        }
    }
}

fn yes_no(b: bool) -> &'static str {
    if b { "có" } else { "không" }
}

/// `MÃ Tên có dấu` → the code and the name.
fn code_and_name(typed: &str) -> Result<(String, String), String> {
    let (code, name) = typed
        .split_once(char::is_whitespace)
        .ok_or("Gõ mã, một dấu cách, rồi tên")?;
    let code = crate::io::covenant::cells::code(code)?;
    let name = crate::text::normalize::clean_name(name);
    if name.is_empty() {
        return Err("Tên không được để trống".into());
    }
    Ok((code, name))
}

fn parse_role(typed: &str) -> Result<MemberRole, String> {
    let t = typed.trim().to_lowercase();
    MemberRole::parse(&t)
        .or(match t.as_str() {
            "thành viên" | "thanh vien" => Some(MemberRole::Member),
            "cụm trưởng" | "cum truong" => Some(MemberRole::Chair),
            "cụm phó" | "cum pho" => Some(MemberRole::ViceChair),
            _ => None,
        })
        .ok_or_else(|| format!("«{typed}»: vai trò là thành viên, cụm trưởng hoặc cụm phó"))
}

/// A merger as typed: the units taken in, the day, and the new name (and
/// kind) of the unit that takes them in when it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
struct MergerText {
    takes_in: Vec<String>,
    on: NaiveDate,
    name: Option<String>,
    kind: Option<UnitKind>,
}

/// `ST HG 2025-07-01 thành phố Cần Thơ`: the codes taken in (one or
/// several, by spaces, commas or semicolons), the day of the merger, then
/// if it changes the unit's name, led by its kind if that changes too
/// (`tỉnh`, `thành phố` or `TP`).
fn merger(typed: &str) -> Result<MergerText, String> {
    const HOW: &str = "Gõ mã các đơn vị nhận vào, ngày sáp nhập YYYY-MM-DD, rồi tên mới nếu đổi (VD: ST HG 2025-07-01 thành phố Cần Thơ)";
    let words: Vec<&str> = typed.split_whitespace().collect();
    let at = words
        .iter()
        .position(|w| parse_day(w).is_some())
        .ok_or(HOW)?;
    let on = parse_day(words[at]).ok_or(HOW)?;
    let takes_in = words[..at]
        .iter()
        .flat_map(|w| w.split([',', ';']))
        .filter(|w| !w.is_empty())
        .map(|w| crate::io::covenant::cells::code(&w.to_uppercase()))
        .collect::<Result<Vec<_>, _>>()?;
    if takes_in.is_empty() {
        return Err("Gõ mã ít nhất một đơn vị nhận vào trước ngày".into());
    }
    let rest = crate::text::normalize::clean_name(&words[at + 1..].join(" "));
    let (kind, name) = kind_and_name(&rest);
    if kind.is_some() && name.is_empty() {
        return Err(format!(
            "Sau «{rest}» gõ tên mới của đơn vị (VD: thành phố Cần Thơ)"
        ));
    }
    Ok(MergerText {
        takes_in,
        on,
        name: (!name.is_empty()).then(|| name.to_string()),
        kind,
    })
}

/// `thành phố Cần Thơ` → the kind and `Cần Thơ`; a name without a kind
/// word before it keeps the unit's kind.
fn kind_and_name(text: &str) -> (Option<UnitKind>, &str) {
    let lower = text.to_lowercase();
    for (word, kind) in [
        ("thành phố", UnitKind::City),
        ("tp.", UnitKind::City),
        ("tp", UnitKind::City),
        ("tỉnh", UnitKind::Province),
    ] {
        if let Some(after) = lower.strip_prefix(word)
            && (after.is_empty() || after.starts_with(' '))
            // Lower-casing keeps these words' lengths in bytes.
            && let Some(name) = text.get(word.len()..)
        {
            return (Some(kind), name.trim_start());
        }
    }
    (None, text)
}

/// One field of a criterion from its text, read as the covenant files read it.
fn set_criterion_field(c: &mut Criterion, field: Field, typed: &str) -> Result<(), String> {
    use crate::io::covenant::cells;
    let optional_decimal = |s: &str| cells::optional(s, cells::decimal);
    match field {
        Field::Name => {
            let name = crate::text::normalize::clean_name(typed);
            if name.is_empty() {
                return Err("Tên chỉ tiêu không được để trống".into());
            }
            c.name = name;
        }
        Field::Unit => c.unit = crate::text::normalize::clean_name(typed),
        Field::Decimals => c.decimals = cells::whole(typed)?,
        Field::Min => c.min = optional_decimal(typed)?,
        Field::Max => c.max = optional_decimal(typed)?,
        Field::Rule => c.rule = Aggregate::parse(typed.trim())?,
        Field::InCovenant => {
            c.in_covenant = match typed.trim().to_lowercase().as_str() {
                "có" | "co" | "true" | "x" => true,
                "không" | "khong" | "false" | "" => false,
                _ => return Err(format!("«{typed}»: gõ có hoặc không")),
            }
        }
        Field::Role | Field::UnitName | Field::Merger => {}
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_day(s).expect("day")
    }

    #[test]
    fn a_merger_of_several_units_under_a_new_name_and_kind() {
        assert_eq!(
            merger("ST HG 2025-07-01 thành phố Cần Thơ"),
            Ok(MergerText {
                takes_in: vec!["ST".into(), "HG".into()],
                on: day("2025-07-01"),
                name: Some("Cần Thơ".into()),
                kind: Some(UnitKind::City),
            })
        );
        assert_eq!(
            merger("bt, tv 2025-07-01"),
            Ok(MergerText {
                takes_in: vec!["BT".into(), "TV".into()],
                on: day("2025-07-01"),
                name: None,
                kind: None,
            })
        );
        let t = merger("KG;PQ 2026-01-01   TP  Rạch Giá").expect("merger");
        assert_eq!(t.takes_in, ["KG", "PQ"]);
        assert_eq!(
            (t.name.as_deref(), t.kind),
            (Some("Rạch Giá"), Some(UnitKind::City))
        );
        let t = merger("KG 2026-01-01 Tỉnh An Giang mới").expect("merger");
        assert_eq!(
            (t.name.as_deref(), t.kind),
            (Some("An Giang mới"), Some(UnitKind::Province))
        );
        // A name that merely starts like a kind word keeps the kind.
        let t = merger("KG 2026-01-01 Tỉnh").expect_err("kind without a name");
        assert!(t.contains("tên mới"), "{t}");
        let t = merger("KG 2026-01-01 Tpx").expect("merger");
        assert_eq!((t.name.as_deref(), t.kind), (Some("Tpx"), None));
        let e = merger("2025-07-01").expect_err("no unit");
        assert!(e.contains("ít nhất một đơn vị"), "{e}");
        let e = merger("ST HG").expect_err("no day");
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }
}
