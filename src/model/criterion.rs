//! One criterion of a covenant year (chỉ tiêu giao ước): what is measured,
//! how the cluster figure is formed, whether it is scored or only quoted,
//! its place in the scoring tree with its points and method (issue #18),
//! and its plausible range (issue #15). The rules a single criterion must
//! keep are here; those between criteria (the tree, the scale's total) are
//! in `scale.rs`.
//!
//! Codes are stable across years: `GRDP_GROWTH` means the same thing in
//! 2021 and 2026, while its name or unit may change from year to year.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::indicator::{Direction, Refusal};
use super::problem::{Problem, Subject, code_rule, is_code};
use super::value::Kind;

/// How the cluster figure, and a merged unit's figure for a period before
/// its merger, are formed from units' figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Aggregate {
    /// Σ: budget revenue, communes, awards.
    Sum,
    /// The plain mean of the units' figures; across a merger it is not
    /// comparable (a mean of percentages is not the merged unit's figure).
    Mean,
    /// The mean weighted by another criterion of the same year (`mean_by:TOTAL_COMMUNES`).
    MeanBy(String),
    /// 100 × Σ numerator ÷ Σ denominator, from the summed parts.
    Ratio {
        numerator: String,
        denominator: String,
    },
    /// Not aggregable: a rank, a per-unit amount, a share with no parts.
    None,
}

impl Aggregate {
    /// `sum`, `mean`, `mean_by:CODE`, `ratio:NUM/DEN` or `none`.
    pub fn parse(s: &str) -> Result<Aggregate, String> {
        let t = s.trim();
        let bad = || {
            format!(
                "«{t}» không phải quy tắc: dùng sum, mean, mean_by:MÃ, ratio:MÃ_TỬ/MÃ_MẪU hoặc none"
            )
        };
        let code = |c: &str| -> Result<String, String> {
            let c = c.trim();
            if is_code(c) {
                Ok(c.to_string())
            } else {
                Err(format!(
                    "{}: «{c}» không phải mã chỉ tiêu ({})",
                    bad(),
                    code_rule()
                ))
            }
        };
        match t {
            "sum" => Ok(Aggregate::Sum),
            "mean" => Ok(Aggregate::Mean),
            "none" => Ok(Aggregate::None),
            _ => {
                if let Some(w) = t.strip_prefix("mean_by:") {
                    Ok(Aggregate::MeanBy(code(w)?))
                } else if let Some(parts) = t.strip_prefix("ratio:") {
                    let (n, d) = parts.split_once('/').ok_or_else(bad)?;
                    Ok(Aggregate::Ratio {
                        numerator: code(n)?,
                        denominator: code(d)?,
                    })
                } else {
                    Err(bad())
                }
            }
        }
    }

    /// The criteria this rule reads besides the criterion itself.
    pub fn inputs(&self) -> Vec<&str> {
        match self {
            Aggregate::MeanBy(w) => vec![w.as_str()],
            Aggregate::Ratio {
                numerator,
                denominator,
            } => vec![numerator.as_str(), denominator.as_str()],
            Aggregate::Sum | Aggregate::Mean | Aggregate::None => Vec::new(),
        }
    }
}

impl std::fmt::Display for Aggregate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Aggregate::Sum => f.write_str("sum"),
            Aggregate::Mean => f.write_str("mean"),
            Aggregate::MeanBy(w) => write!(f, "mean_by:{w}"),
            Aggregate::Ratio {
                numerator,
                denominator,
            } => write!(f, "ratio:{numerator}/{denominator}"),
            Aggregate::None => f.write_str("none"),
        }
    }
}

/// `higher_better`, `lower_better` or `neutral`, as the files write it.
pub fn direction_code(d: Direction) -> &'static str {
    match d {
        Direction::HigherBetter => "higher_better",
        Direction::LowerBetter => "lower_better",
        Direction::Neutral => "neutral",
    }
}

pub fn parse_direction(s: &str) -> Option<Direction> {
    match s.trim() {
        "higher_better" => Some(Direction::HigherBetter),
        "lower_better" => Some(Direction::LowerBetter),
        "neutral" => Some(Direction::Neutral),
        _ => None,
    }
}

/// How a criterion's points are given (issue #18 item 1).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Method {
    /// Not scored itself: a group whose points are its children's, or a
    /// criterion tracked without points.
    #[default]
    None,
    /// Against the unit's registered target: below it a share of MS in
    /// proportion, at it `share_at_target` × MS, the leader MS.
    Target,
    /// MS × min(actual ÷ target, 1).
    Ratio,
    /// By rank among the units that reported.
    Rank,
    /// Đạt / không đạt: MS or 0 (the figure is 1 or 0).
    Pass,
    /// `points_each` per occurrence, at most `cap` (MS when empty).
    Count,
    /// Points given by the reviewers within 0…MS.
    Manual,
    /// Điểm thưởng: `points_each` per occurrence up to `cap`, outside the scale.
    Bonus,
    /// Điểm trừ: `points_each` per occurrence up to `cap`, outside the scale.
    Penalty,
}

impl Method {
    pub const ALL: [Method; 9] = [
        Method::None,
        Method::Target,
        Method::Ratio,
        Method::Rank,
        Method::Pass,
        Method::Count,
        Method::Manual,
        Method::Bonus,
        Method::Penalty,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            Method::None => "none",
            Method::Target => "target",
            Method::Ratio => "ratio",
            Method::Rank => "rank",
            Method::Pass => "pass",
            Method::Count => "count",
            Method::Manual => "manual",
            Method::Bonus => "bonus",
            Method::Penalty => "penalty",
        }
    }

    /// A method name; an empty cell is `none`.
    pub fn parse(s: &str) -> Option<Method> {
        let t = s.trim();
        if t.is_empty() {
            return Some(Method::None);
        }
        Method::ALL.into_iter().find(|m| m.as_str() == t)
    }

    /// Bonus and penalty points lie outside the scale: they never count
    /// towards a group's maximum or the declared total.
    pub fn is_outside_scale(&self) -> bool {
        matches!(self, Method::Bonus | Method::Penalty)
    }

    /// Whether the method gives up to `max_points` (MS) itself.
    pub fn needs_max_points(&self) -> bool {
        matches!(
            self,
            Method::Target
                | Method::Ratio
                | Method::Rank
                | Method::Pass
                | Method::Count
                | Method::Manual
        )
    }

    /// Methods that compare units with each other or with a target and so
    /// need a direction.
    pub fn needs_direction(&self) -> bool {
        matches!(self, Method::Target | Method::Ratio | Method::Rank)
    }

    /// Methods that score registered targets (`plan` values).
    pub fn needs_targets(&self) -> bool {
        matches!(self, Method::Target | Method::Ratio)
    }

    /// Methods that count occurrences.
    pub fn counts_occurrences(&self) -> bool {
        matches!(self, Method::Count | Method::Bonus | Method::Penalty)
    }
}

/// The criterion's place in the scoring tree and its method (issue #18).
/// Every field empty: not scored (the 2021 built-in covenant has no scale).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scoring {
    /// The group criterion it belongs to; None at the top of the tree.
    pub parent: Option<String>,
    /// Điểm tối đa (MS).
    pub max_points: Option<Decimal>,
    pub method: Method,
    /// `target`: the share of MS given at target (0 < s ≤ 1; default ½).
    pub share_at_target: Option<Decimal>,
    /// `target`: whether the unit that exceeds its target by the largest
    /// share takes the whole MS (default yes).
    pub leader_full: Option<bool>,
    /// `count`, `bonus`, `penalty`: points per occurrence.
    pub points_each: Option<Decimal>,
    /// `count`, `bonus`, `penalty`: the most points (for `count`, MS when empty).
    pub cap: Option<Decimal>,
}

impl Scoring {
    /// The share of MS at target the `target` method uses.
    pub fn share_at_target(&self) -> Decimal {
        self.share_at_target.unwrap_or(Decimal::new(5, 1))
    }

    pub fn leader_full(&self) -> bool {
        self.leader_full.unwrap_or(true)
    }

    /// The most points a `count` criterion gives: its cap, else its MS.
    pub fn count_cap(&self) -> Option<Decimal> {
        self.cap.or(self.max_points)
    }
}

/// Where a figure stops being believable (issue #15): outside the plausible
/// range, or more than `jump` times (or less than 1/`jump` of) the same
/// unit's same period last year. Implausible figures are asked about, not
/// refused; the valid range `min..=max` of the criterion is what refuses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plausibility {
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    /// Year-on-year factor; None: the default, 3.
    pub jump: Option<Decimal>,
}

impl Plausibility {
    pub const DEFAULT_JUMP: Decimal = Decimal::from_parts(3, 0, 0, false, 0);

    pub fn jump_factor(&self) -> Decimal {
        self.jump.unwrap_or(Self::DEFAULT_JUMP)
    }
}

/// One item of a year's covenant.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Criterion {
    pub code: String,
    /// The Vietnamese name the report uses, starting with a capital.
    pub name: String,
    /// The unit label shown (`tỷ đồng`, `%`, `xã`, `huân chương`); may be empty.
    pub unit: String,
    /// Group code (`economy`) and its Vietnamese name (`Kinh tế`).
    pub group: String,
    pub group_name: String,
    /// The group's place among the year's groups, and the criterion's
    /// place within its group (1, 2, …).
    pub group_order: u32,
    pub order: u32,
    pub direction: Direction,
    pub rule: Aggregate,
    /// Decimals shown; stored values keep their exact precision.
    pub decimals: u32,
    /// Valid range (inclusive); a figure outside it is refused. None: open.
    pub min: Option<Decimal>,
    pub max: Option<Decimal>,
    /// Counts whole things (communes, awards, a rank): an actual of `1,5`
    /// is a typing mistake. Plans are not held to it.
    pub counted: bool,
    /// Part of the covenant (ranked, and scored if the year has a scale),
    /// or a figure the report only quotes (kept, shown, exported; never
    /// ranked or scored).
    pub in_covenant: bool,
    pub scoring: Scoring,
    pub plausible: Plausibility,
    /// A remark shown with the criterion (Vietnamese), empty when none.
    pub note: String,
}

/// Most decimals a criterion may show.
pub const MAX_DECIMALS: u32 = 6;

/// No figure is larger in magnitude than this (10^15, một triệu tỷ),
/// whatever a criterion's own range says: every figure of a report is far
/// below it in its unit, and sums, ratios and scores of figures within it
/// stay inside the exact decimal arithmetic of reports and scores.
pub const FIGURE_LIMIT: Decimal = Decimal::from_parts(2_764_472_320, 232_830, 0, false, 0);

/// A figure has at most this many significant digits (what a `Decimal`
/// holds exactly; more are refused, never rounded).
pub const MAX_DIGITS: u32 = 28;

/// Whether `v` is within what any figure may be: at most [`FIGURE_LIMIT`]
/// in magnitude and at most [`MAX_DIGITS`] significant digits.
pub fn figure_fits(v: Decimal) -> bool {
    v.abs() <= FIGURE_LIMIT && significant_digits(v) <= MAX_DIGITS
}

/// The digits of `v`'s mantissa (trailing zeros after the point count:
/// they are what was written).
pub fn significant_digits(v: Decimal) -> u32 {
    let m = v.mantissa().unsigned_abs();
    if m == 0 {
        return 1;
    }
    m.ilog10() + 1
}

impl Criterion {
    /// `«GRDP_GROWTH» (Tốc độ tăng trưởng kinh tế GRDP)`: how messages name it.
    pub fn quoted(&self) -> String {
        format!("«{}» ({})", self.code, self.name)
    }

    pub fn in_range(&self, v: Decimal) -> bool {
        let (min, max) = self.bounds();
        min <= v && v <= max
    }

    /// The range a figure must lie in: the criterion's own, within what any
    /// figure may be (an open end is ±[`FIGURE_LIMIT`]).
    pub fn bounds(&self) -> (Decimal, Decimal) {
        (
            self.min.map_or(-FIGURE_LIMIT, |m| m.max(-FIGURE_LIMIT)),
            self.max.map_or(FIGURE_LIMIT, |m| m.min(FIGURE_LIMIT)),
        )
    }

    /// Whether the figure is itself a percentage: its change against last
    /// year is told in percentage points.
    pub fn is_percentage(&self) -> bool {
        matches!(self.unit.as_str(), "%" | "điểm %")
    }

    /// Why `value` cannot be stored as a figure of `kind`, if it cannot.
    pub fn refusal(&self, kind: Kind, value: Decimal) -> Option<Refusal> {
        if !self.in_range(value) {
            Some(Refusal::OutOfRange)
        } else if kind == Kind::Actual && self.counted && !value.fract().is_zero() {
            Some(Refusal::NotWhole)
        } else {
            None
        }
    }

    /// Every rule this criterion breaks on its own, without looking at the
    /// other criteria of the year.
    pub fn problems(&self, year: u16) -> Vec<Problem> {
        let mut out = Vec::new();
        let subject = Subject::Criterion {
            year,
            code: self.code.clone(),
        };
        let mut say = |field: &'static str, what: String| {
            out.push(Problem::new(
                subject.clone(),
                field,
                format!("chỉ tiêu {}: {what}", self.quoted()),
            ));
        };
        if !is_code(&self.code) {
            say("code", format!("mã không hợp lệ ({})", code_rule()));
        }
        if self.name.trim().is_empty() {
            say("name", "thiếu tên".into());
        } else if self.name.chars().next().is_some_and(char::is_lowercase) {
            say("name", "tên phải bắt đầu bằng chữ hoa".into());
        }
        if !is_group_code(&self.group) {
            say(
                "group",
                format!(
                    "mã nhóm «{}» không hợp lệ: chữ không dấu, chữ số và dấu _ (ví dụ economy)",
                    self.group
                ),
            );
        }
        if self.group_name.trim().is_empty() {
            say("group_name", "thiếu tên nhóm".into());
        }
        if self.decimals > MAX_DECIMALS {
            say(
                "decimals",
                format!(
                    "tối đa {MAX_DECIMALS} chữ số thập phân, không phải {}",
                    self.decimals
                ),
            );
        }
        if self.counted && self.decimals > 0 {
            say(
                "decimals",
                "đếm bằng số nguyên (counted) nên số chữ số thập phân phải là 0".into(),
            );
        }
        if let (Some(min), Some(max)) = (self.min, self.max)
            && max < min
        {
            say(
                "max",
                format!(
                    "giá trị lớn nhất {} nhỏ hơn giá trị nhỏ nhất {}",
                    max.normalize(),
                    min.normalize()
                ),
            );
        }
        for (field, v) in [("min", self.min), ("max", self.max)] {
            if let Some(v) = v
                && v.abs() > FIGURE_LIMIT
            {
                say(
                    field,
                    format!(
                        "{} vượt giới hạn ±10^15 (một triệu tỷ) của mọi số liệu; để trống nếu không giới hạn",
                        v.normalize()
                    ),
                );
            }
        }
        if self.rule.inputs().contains(&self.code.as_str()) {
            say(
                "rule",
                format!("quy tắc «{}» không thể dựa vào chính nó", self.rule),
            );
        }
        self.scoring_problems(&mut say);
        self.plausibility_problems(&mut say);
        out
    }

    fn scoring_problems(&self, say: &mut impl FnMut(&'static str, String)) {
        let s = &self.scoring;
        let m = s.method;
        if !self.in_covenant {
            if s != &Scoring::default() {
                say(
                    "in_covenant",
                    "là số liệu chỉ trích dẫn (in_covenant = false) nên không chấm điểm: để trống parent, max_points, method và các cột tham số".into(),
                );
            }
            return;
        }
        if s.parent.as_deref() == Some(self.code.as_str()) {
            say("parent", "không thể là chỉ tiêu cha của chính nó".into());
        }
        if let Some(p) = &s.parent
            && !is_code(p)
        {
            say(
                "parent",
                format!("«{p}» không phải mã chỉ tiêu ({})", code_rule()),
            );
        }
        for (field, v) in [
            ("max_points", s.max_points),
            ("points_each", s.points_each),
            ("cap", s.cap),
        ] {
            if v.is_some_and(|v| v <= Decimal::ZERO) {
                say(field, "điểm phải lớn hơn 0".into());
            }
        }
        if m.needs_max_points() && s.max_points.is_none() {
            say(
                "max_points",
                format!("cách chấm «{}» cần điểm tối đa (max_points)", m.as_str()),
            );
        }
        if m.is_outside_scale() && s.max_points.is_some() {
            say(
                "max_points",
                format!(
                    "điểm «{}» nằm ngoài thang điểm: không ghi max_points, ghi points_each và cap",
                    m.as_str()
                ),
            );
        }
        if m.needs_direction() && self.direction == Direction::Neutral {
            say(
                "method",
                format!(
                    "cách chấm «{}» cần biết cao hay thấp là tốt (direction higher_better hoặc lower_better), chỉ tiêu này là neutral",
                    m.as_str()
                ),
            );
        }
        if m.needs_targets() && self.rule == Aggregate::None && self.unit.starts_with("hạng") {
            say(
                "method",
                format!(
                    "cách chấm «{}» cần chỉ tiêu đăng ký; một thứ hạng không có chỉ tiêu đăng ký, dùng rank",
                    m.as_str()
                ),
            );
        }
        if m == Method::Pass
            && !(self.counted && self.min == Some(Decimal::ZERO) && self.max == Some(Decimal::ONE))
        {
            say(
                "method",
                "cách chấm «pass» (đạt/không đạt) cần số liệu 1 hoặc 0: counted = true, min = 0, max = 1".into(),
            );
        }
        if m.counts_occurrences() {
            if !self.counted {
                say(
                    "method",
                    format!(
                        "cách chấm «{}» tính theo số lần nên chỉ tiêu phải đếm bằng số nguyên (counted = true)",
                        m.as_str()
                    ),
                );
            }
            if s.points_each.is_none() {
                say(
                    "points_each",
                    format!(
                        "cách chấm «{}» cần số điểm mỗi lần (points_each)",
                        m.as_str()
                    ),
                );
            }
            if m.is_outside_scale() && s.cap.is_none() {
                say("cap", format!("điểm «{}» cần mức trần (cap)", m.as_str()));
            }
        } else {
            for (field, set) in [
                ("points_each", s.points_each.is_some()),
                ("cap", s.cap.is_some()),
            ] {
                if set {
                    say(
                        field,
                        format!(
                            "chỉ dùng với cách chấm count, bonus, penalty, không dùng với «{}»",
                            m.as_str()
                        ),
                    );
                }
            }
        }
        if let (Some(each), Some(cap)) = (s.points_each, s.count_cap())
            && m.counts_occurrences()
            && each > cap
        {
            say(
                "points_each",
                format!(
                    "{} điểm mỗi lần vượt mức trần {} điểm",
                    each.normalize(),
                    cap.normalize()
                ),
            );
        }
        if let (Some(cap), Some(max)) = (s.cap, s.max_points)
            && m == Method::Count
            && cap > max
        {
            say(
                "cap",
                format!(
                    "mức trần {} vượt điểm tối đa {}",
                    cap.normalize(),
                    max.normalize()
                ),
            );
        }
        if m != Method::Target {
            for (field, set) in [
                ("share_at_target", s.share_at_target.is_some()),
                ("leader_full", s.leader_full.is_some()),
            ] {
                if set {
                    say(
                        field,
                        format!(
                            "chỉ dùng với cách chấm target, không dùng với «{}»",
                            m.as_str()
                        ),
                    );
                }
            }
        }
        if let Some(share) = s.share_at_target
            && (share <= Decimal::ZERO || share > Decimal::ONE)
        {
            say(
                "share_at_target",
                format!(
                    "tỷ lệ điểm khi đạt chỉ tiêu phải trong (0; 1], không phải {}",
                    share.normalize()
                ),
            );
        }
    }

    fn plausibility_problems(&self, say: &mut impl FnMut(&'static str, String)) {
        let p = &self.plausible;
        if let (Some(lo), Some(hi)) = (p.min, p.max)
            && hi < lo
        {
            say(
                "plausible_max",
                format!(
                    "khoảng hợp lý: {} nhỏ hơn {}",
                    hi.normalize(),
                    lo.normalize()
                ),
            );
        }
        for (field, v) in [("plausible_min", p.min), ("plausible_max", p.max)] {
            if let Some(v) = v
                && !self.in_range(v)
            {
                say(
                    field,
                    format!(
                        "{} nằm ngoài khoảng cho phép min…max của chỉ tiêu",
                        v.normalize()
                    ),
                );
            }
        }
        if let Some(j) = p.jump
            && j <= Decimal::ONE
        {
            say(
                "plausible_jump",
                format!(
                    "hệ số tăng giảm so với cùng kỳ phải lớn hơn 1 (mặc định 3), không phải {}",
                    j.normalize()
                ),
            );
        }
    }
}

/// A decimal cell as the covenant files write it (empty: unset).
pub fn cell_decimal(v: Option<Decimal>) -> String {
    v.map(|d| d.normalize().to_string()).unwrap_or_default()
}

/// A boolean cell as the covenant files write it.
pub fn cell_bool(v: bool) -> String {
    if v { "true" } else { "false" }.to_string()
}

impl Criterion {
    /// The criterion's cells in `indicators.csv`, by column, in the order
    /// the files are written (every column but `year`): what an export
    /// writes and what the audit log records of a change.
    pub fn cells(&self) -> Vec<(&'static str, String)> {
        let s = &self.scoring;
        vec![
            ("code", self.code.clone()),
            ("name", self.name.clone()),
            ("unit", self.unit.clone()),
            ("group", self.group.clone()),
            ("group_name", self.group_name.clone()),
            ("order", self.order.to_string()),
            ("direction", direction_code(self.direction).to_string()),
            ("rule", self.rule.to_string()),
            ("decimals", self.decimals.to_string()),
            ("min", cell_decimal(self.min)),
            ("max", cell_decimal(self.max)),
            ("counted", cell_bool(self.counted)),
            ("in_covenant", cell_bool(self.in_covenant)),
            ("parent", s.parent.clone().unwrap_or_default()),
            ("max_points", cell_decimal(s.max_points)),
            (
                "method",
                if s.method == Method::None {
                    String::new()
                } else {
                    s.method.as_str().to_string()
                },
            ),
            ("share_at_target", cell_decimal(s.share_at_target)),
            (
                "leader_full",
                s.leader_full.map(cell_bool).unwrap_or_default(),
            ),
            ("points_each", cell_decimal(s.points_each)),
            ("cap", cell_decimal(s.cap)),
            ("plausible_min", cell_decimal(self.plausible.min)),
            ("plausible_max", cell_decimal(self.plausible.max)),
            ("plausible_jump", cell_decimal(self.plausible.jump)),
            ("group_order", self.group_order.to_string()),
            ("note", self.note.clone()),
        ]
    }
}

/// Group codes: ASCII letters (any case), digits and `_` (`economy`, `new_rural`).
pub fn is_group_code(s: &str) -> bool {
    !s.is_empty() && s.len() <= 40 && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub fn criterion(code: &str) -> Criterion {
        Criterion {
            code: code.into(),
            name: format!("Chỉ tiêu {code}"),
            unit: "tỷ đồng".into(),
            group: "economy".into(),
            group_name: "Kinh tế".into(),
            group_order: 1,
            order: 1,
            direction: Direction::HigherBetter,
            rule: Aggregate::Sum,
            decimals: 0,
            min: Some(Decimal::ZERO),
            max: None,
            counted: false,
            in_covenant: true,
            scoring: Scoring::default(),
            plausible: Plausibility::default(),
            note: String::new(),
        }
    }

    fn messages(c: &Criterion) -> Vec<String> {
        c.problems(2026)
            .into_iter()
            .map(|p| format!("{}: {}", p.field, p.message))
            .collect()
    }

    #[test]
    fn rules_read_and_print_back() {
        for text in [
            "sum",
            "mean",
            "none",
            "mean_by:TOTAL_COMMUNES",
            "ratio:NTM_COMMUNES/TOTAL_COMMUNES",
        ] {
            assert_eq!(Aggregate::parse(text).expect(text).to_string(), text);
        }
        for bad in ["", "avg", "ratio:A", "mean_by:", "ratio:a/B", "mean_by:X Y"] {
            let e = Aggregate::parse(bad).expect_err(bad);
            assert!(e.contains("mean_by:MÃ"), "{e}");
        }
        assert_eq!(Method::parse(""), Some(Method::None));
        assert_eq!(Method::parse("bonus"), Some(Method::Bonus));
        assert_eq!(Method::parse("điểm"), None);
    }

    #[test]
    fn a_plain_criterion_has_no_problems() {
        assert!(messages(&criterion("BUDGET_REV")).is_empty());
    }

    #[test]
    fn a_quoted_figure_is_never_scored() {
        let mut c = criterion("PRIZE");
        c.in_covenant = false;
        c.scoring.max_points = Some(Decimal::TEN);
        c.scoring.method = Method::Rank;
        let m = messages(&c);
        assert_eq!(m.len(), 1, "{m:?}");
        assert!(m[0].starts_with("in_covenant: chỉ tiêu «PRIZE»"), "{m:?}");
    }

    #[test]
    fn methods_the_data_cannot_support_are_refused_naming_the_criterion() {
        let mut c = criterion("AWARDS");
        c.direction = Direction::Neutral;
        c.scoring.method = Method::Target;
        c.scoring.max_points = Some(Decimal::TEN);
        let m = messages(&c);
        assert!(
            m.iter().any(|m| m.starts_with(
                "method: chỉ tiêu «AWARDS» (Chỉ tiêu AWARDS): cách chấm «target» cần biết"
            )),
            "{m:?}"
        );

        let mut c = criterion("RANK");
        c.unit = "hạng/63".into();
        c.rule = Aggregate::None;
        c.scoring.method = Method::Target;
        c.scoring.max_points = Some(Decimal::TEN);
        assert!(
            messages(&c)
                .iter()
                .any(|m| m.contains("thứ hạng không có chỉ tiêu đăng ký"))
        );

        let mut c = criterion("PASS");
        c.scoring.method = Method::Pass;
        c.scoring.max_points = Some(Decimal::TEN);
        assert!(messages(&c).iter().any(|m| m.contains("1 hoặc 0")));
    }

    #[test]
    fn points_above_a_cap_and_missing_parameters_are_refused() {
        let mut c = criterion("MODELS");
        c.counted = true;
        c.scoring.method = Method::Count;
        c.scoring.max_points = Some(Decimal::TEN);
        c.scoring.points_each = Some(Decimal::from(12));
        let m = messages(&c);
        assert_eq!(
            m,
            [
                "points_each: chỉ tiêu «MODELS» (Chỉ tiêu MODELS): 12 điểm mỗi lần vượt mức trần 10 điểm"
            ]
        );

        let mut c = criterion("BONUS");
        c.counted = true;
        c.scoring.method = Method::Bonus;
        c.scoring.points_each = Some(Decimal::ONE);
        let m = messages(&c);
        assert_eq!(
            m,
            ["cap: chỉ tiêu «BONUS» (Chỉ tiêu BONUS): điểm «bonus» cần mức trần (cap)"]
        );

        let mut c = criterion("T");
        c.scoring.method = Method::Rank;
        c.scoring.max_points = Some(Decimal::TEN);
        c.scoring.share_at_target = Some(Decimal::new(5, 1));
        assert!(
            messages(&c)
                .iter()
                .any(|m| m.starts_with("share_at_target:"))
        );
    }

    #[test]
    fn plausible_range_and_jump_factor() {
        let mut c = criterion("GRDP");
        c.plausible.min = Some(Decimal::from(-5));
        c.plausible.max = Some(Decimal::from(-10));
        c.plausible.jump = Some(Decimal::ONE);
        let fields: Vec<&str> = c.problems(2026).iter().map(|p| p.field).collect();
        assert_eq!(
            fields,
            [
                "plausible_max",
                "plausible_min",
                "plausible_max",
                "plausible_jump"
            ]
        );
        assert_eq!(Plausibility::default().jump_factor(), Decimal::from(3));
    }

    #[test]
    fn counted_criteria_refuse_fractions_of_actuals_only() {
        let mut c = criterion("COMMUNES");
        c.counted = true;
        assert_eq!(
            c.refusal(Kind::Actual, Decimal::new(15, 1)),
            Some(Refusal::NotWhole)
        );
        assert_eq!(c.refusal(Kind::Plan, Decimal::new(15, 1)), None);
        assert_eq!(
            c.refusal(Kind::Plan, Decimal::from(-1)),
            Some(Refusal::OutOfRange)
        );
    }
}
