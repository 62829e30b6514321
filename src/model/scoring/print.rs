//! A score sheet as tables for the report writers (`thidua report --sheet
//! UNIT` in every format): the sheet itself, how each point was computed,
//! and the review with the unit's explanations.

use rust_decimal::Decimal;

use super::calc::{POINT_DECIMALS, ScoreError};
use super::sheet::{Cell, Points, ScoreSheet, Source};
use super::table::TextTable;
use crate::model::criterion::Method;

type Num<'a> = &'a dyn Fn(Decimal, u32) -> String;

/// How the sheet names a method.
pub fn method_label(m: Method) -> &'static str {
    match m {
        Method::None => "",
        Method::Target => "theo chỉ tiêu đăng ký",
        Method::Ratio => "tỷ lệ hoàn thành",
        Method::Rank => "theo thứ hạng",
        Method::Pass => "đạt/không đạt",
        Method::Count => "theo số lần",
        Method::Manual => "chấm trực tiếp",
        Method::Bonus => "điểm thưởng",
        Method::Penalty => "điểm trừ",
    }
}

pub const FINAL_RULE: &str = "Điểm: điểm thẩm định nếu có, nếu không là điểm tự chấm, nếu không là điểm tính theo công thức. Tự chấm: điểm đơn vị tự chấm nếu có, nếu không là điểm tính. Tổng điểm = điểm theo thang + điểm thưởng − điểm trừ.";

impl ScoreSheet {
    /// `Bảng chấm điểm thi đua kỳ 2021-H1 — Bạc Liêu (nháp)`.
    pub fn title(&self) -> String {
        format!(
            "Bảng chấm điểm thi đua kỳ {} — {} ({})",
            self.period,
            self.unit_name,
            self.state.label()
        )
    }

    /// The sheet, the calculations, and (where anything was entered) the
    /// review and explanations.
    pub fn tables(&self, num: Num<'_>) -> Vec<TextTable> {
        let mut out = vec![self.sheet_table(num), self.formula_table(num)];
        let review = self.review_table();
        if !review.rows.is_empty() {
            out.push(review);
        }
        out
    }

    fn sheet_table(&self, num: Num<'_>) -> TextTable {
        let mut t = TextTable::new(
            self.title(),
            &[
                ("TT", false),
                ("Tiêu chí", false),
                ("Cách chấm", false),
                ("Điểm tối đa", true),
                ("Chỉ tiêu", true),
                ("Thực hiện", true),
                ("Điểm tính", true),
                ("Tự chấm", true),
                ("Thẩm định", true),
                ("Điểm", true),
            ],
        );
        let mut errors: Vec<&ScoreError> = Vec::new();
        let ms = |v: Option<Decimal>| v.map(|v| num(v, v.normalize().scale())).unwrap_or_default();
        for s in &self.sections {
            t.push(vec![
                s.number.clone(),
                s.name.clone(),
                String::new(),
                ms(s.max_points),
                String::new(),
                String::new(),
                points_of(&s.totals.computed, num),
                points_of(&s.totals.self_scored, num),
                String::new(),
                points_of(&s.totals.final_points, num),
            ]);
            for r in &s.rows {
                if let Some(Err(e)) = &r.scored {
                    errors.push(e);
                }
                let figure = |v: Option<Decimal>| {
                    v.map(|v| num(v, r.decimals.max(v.normalize().scale().min(4))))
                        .unwrap_or_default()
                };
                let max = if r.method.is_outside_scale() {
                    r.cap
                        .map(|c| format!("≤ {}", ms(Some(c))))
                        .unwrap_or_default()
                } else {
                    ms(r.max_points)
                };
                t.push(vec![
                    r.number.clone(),
                    format!("{}{}", "  ".repeat(r.depth), r.name),
                    method_label(r.method).to_string(),
                    max,
                    figure(r.target),
                    figure(r.actual),
                    cell(&r.computed, r.method, num),
                    r.entry
                        .self_points
                        .map(|p| signed(p, r.method, num))
                        .unwrap_or_default(),
                    r.entry
                        .reviewed
                        .as_ref()
                        .map(|v| signed(v.points, r.method, num))
                        .unwrap_or_default(),
                    match r.source {
                        Source::Missing => "chưa chấm".to_string(),
                        _ => cell(&r.final_points, r.method, num),
                    },
                ]);
            }
        }
        let totals = [
            (
                "Cộng điểm theo thang",
                (|p: &Points| p.scale) as fn(&Points) -> Decimal,
            ),
            ("Điểm thưởng", |p: &Points| p.bonus),
            ("Điểm trừ", |p: &Points| -p.penalty),
            ("Tổng điểm", |p: &Points| p.total),
        ];
        for (label, pick) in totals {
            let col = |r: &Result<Points, ScoreError>| {
                r.as_ref()
                    .map(|p| num(pick(p), POINT_DECIMALS))
                    .unwrap_or_else(|_| "lỗi".to_string())
            };
            t.push(vec![
                String::new(),
                label.to_string(),
                String::new(),
                if label == "Cộng điểm theo thang" {
                    ms(self.scale_total)
                } else {
                    String::new()
                },
                String::new(),
                String::new(),
                col(&self.totals.computed),
                col(&self.totals.self_scored),
                String::new(),
                col(&self.totals.final_points),
            ]);
        }
        t.notes.push(FINAL_RULE.to_string());
        if let Some(reason) = &self.last_reason {
            t.notes
                .push(format!("Lý do trả lại hoặc mở khóa gần nhất: {reason}"));
        }
        for e in errors {
            t.notes.push(format!("Không tính được: {e}"));
        }
        t
    }

    fn formula_table(&self, num: Num<'_>) -> TextTable {
        let mut t = TextTable::new(
            format!("Cách tính điểm — {}", self.unit_name),
            &[("TT", false), ("Tiêu chí", false), ("Cách tính", false)],
        );
        for s in &self.sections {
            for r in s.rows.iter().filter(|r| !r.is_group) {
                t.push(vec![
                    format!("{}.{}", s.number, r.number),
                    r.name.clone(),
                    r.formula(num),
                ]);
            }
        }
        t
    }

    fn review_table(&self) -> TextTable {
        let mut t = TextTable::new(
            format!("Thẩm định và giải trình — {}", self.unit_name),
            &[
                ("TT", false),
                ("Tiêu chí", false),
                ("Căn cứ tự chấm", false),
                ("Lý do thẩm định", false),
                ("Giải trình", false),
            ],
        );
        for s in &self.sections {
            for r in &s.rows {
                let e = &r.entry;
                if e.self_note.is_none() && e.reviewed.is_none() && e.explanation.is_none() {
                    continue;
                }
                t.push(vec![
                    format!("{}.{}", s.number, r.number),
                    r.name.clone(),
                    e.self_note.clone().unwrap_or_default(),
                    e.reviewed
                        .as_ref()
                        .map(|v| v.reason.clone())
                        .unwrap_or_default(),
                    e.explanation.clone().unwrap_or_default(),
                ]);
            }
        }
        t
    }
}

/// Points as the sheet writes them: a penalty with its minus sign.
fn signed(p: Decimal, method: Method, num: Num<'_>) -> String {
    if method == Method::Penalty && !p.is_zero() {
        format!("-{}", num(p, POINT_DECIMALS))
    } else {
        num(p, POINT_DECIMALS)
    }
}

fn cell(c: &Cell, method: Method, num: Num<'_>) -> String {
    match c {
        Ok(Some(p)) => signed(*p, method, num),
        Ok(None) => String::new(),
        Err(_) => "lỗi".to_string(),
    }
}

fn points_of(p: &Result<Points, ScoreError>, num: Num<'_>) -> String {
    p.as_ref()
        .map(|p| num(p.total, POINT_DECIMALS))
        .unwrap_or_else(|_| "lỗi".to_string())
}
