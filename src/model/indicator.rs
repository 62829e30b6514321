//! Members of the cluster and the covenant's indicators, as registered.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::covenant::Covenant;
use super::period::Period;
use super::value::Kind;

/// A member province: short code (`DT`) and full name (`Đồng Tháp`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Province {
    pub code: String,
    pub name: String,
}

/// Which way is better for an indicator; decides rank and score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Direction {
    HigherBetter,
    LowerBetter,
    Neutral,
}

/// How the cluster figure is formed from the provinces' figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ClusterRule {
    Sum,
    Mean,
    /// Not aggregable (a rank, a per-unit amount, a share of plan).
    None,
    /// A percentage re-derived from two summed indicators:
    /// 100 × Σ numerator ÷ Σ denominator (e.g. the New Rural commune share).
    Ratio {
        numerator: String,
        denominator: String,
    },
}

/// One covenant item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub code: String,
    pub name: String,
    /// Vietnamese unit label shown to users (`tỷ đồng`, `%`, `xã`).
    pub unit: String,
    /// Group code (`economy`, `budget`, …) and its Vietnamese label.
    pub group: String,
    pub group_name: String,
    pub direction: Direction,
    pub rule: ClusterRule,
    /// Decimals shown; stored values keep their exact precision.
    pub decimals: u32,
    /// Inclusive valid range for entered values.
    pub min: Decimal,
    pub max: Decimal,
    /// Covenant points this indicator is worth.
    pub weight: Decimal,
    /// Whether `61/119`-style entry (read as a percentage) makes sense.
    pub ratio_entry: bool,
}

impl Indicator {
    pub fn in_range(&self, v: Decimal) -> bool {
        self.min <= v && v <= self.max
    }

    /// Whether the figure is itself a percentage (a growth rate, a share):
    /// its change against last year is then told in percentage points, not
    /// as a percentage of a percentage.
    pub fn is_percentage(&self) -> bool {
        matches!(self.unit.as_str(), "%" | "điểm %")
    }

    /// Whether the indicator counts whole things (communes, households,
    /// enterprises, awards, a rank): a result of `1,5 xã` is a typing
    /// mistake. Told by the unit label, which the cluster record already
    /// holds (no new stored field: older databases keep opening). Plans are
    /// not held to it: a plan implied by a reported % of plan is fractional.
    pub fn counts_whole_things(&self) -> bool {
        COUNT_UNITS.contains(&self.unit.as_str())
    }

    /// Why `value` cannot be stored as a figure of `kind`, if it cannot.
    pub fn refusal(&self, kind: Kind, value: Decimal) -> Option<Refusal> {
        if !self.in_range(value) {
            Some(Refusal::OutOfRange)
        } else if kind == Kind::Actual && self.counts_whole_things() && !value.fract().is_zero() {
            Some(Refusal::NotWhole)
        } else {
            None
        }
    }
}

/// Units of things counted one by one. Per-unit amounts (`tiêu chí/xã`,
/// `người/tỉnh`), ratios (`lần`) and money are not among them.
const COUNT_UNITS: &[&str] = &[
    "hộ",
    "xã",
    "huyện",
    "đơn vị cấp huyện",
    "dự án",
    "doanh nghiệp",
    "lao động",
    "lượt lao động",
    "người",
    "cá nhân",
    "tập thể",
    "hiện vật",
    "giải",
    "đội",
    "thẻ",
    "dịch vụ",
    "thủ tục",
    "lớp",
    "chùa",
    "phong trào",
    "chỉ tiêu",
    "chuyên đề",
    "hạng/63",
    "hạng trong vùng",
];

/// What is wrong with a value for an indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Outside the indicator's `min..=max`.
    OutOfRange,
    /// A fraction of something counted whole.
    NotWhole,
}

/// The workspace: name and members, with the indicators in report order.
///
/// Today a view of the covenant for one period ([`Covenant::cluster_for`]):
/// the members the cluster counts then, the criteria of the covenant that
/// applies, the weights. The view keeps what it was made from in `basis`,
/// so that figures read through it follow the covenant (values checked by
/// [`Covenant::check_value`], comparisons composed across a merger by
/// `model::compose`); a cluster made by hand has no basis and reads the
/// provinces' own figures, as before the covenant.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub name: String,
    pub provinces: Vec<Province>,
    pub indicators: Vec<Indicator>,
    pub basis: Option<Box<ClusterBasis>>,
}

/// What a cluster view was made from: the period it is for and the
/// covenant — its whole unit history and at least the year that applies to
/// the period (a view sent to a screen holds that year alone; one made to
/// check an import holds every year).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ClusterBasis {
    pub period: Period,
    pub covenant: Covenant,
}

impl ClusterBasis {
    /// The covenant year of the view's period.
    pub fn year(&self) -> Option<&super::covenant::CovenantYear> {
        self.covenant.for_period(self.period)
    }

    /// A criterion of the view's year.
    pub fn criterion(&self, code: &str) -> Option<&super::criterion::Criterion> {
        self.year()?.criterion(code)
    }
}

impl Cluster {
    pub fn province(&self, code: &str) -> Option<&Province> {
        self.provinces.iter().find(|p| p.code == code)
    }

    pub fn indicator(&self, code: &str) -> Option<&Indicator> {
        self.indicators.iter().find(|i| i.code == code)
    }

    /// Groups in first-appearance (report) order, each with its indicators.
    pub fn groups(&self) -> Vec<(&str, Vec<&Indicator>)> {
        let mut out: Vec<(&str, Vec<&Indicator>)> = Vec::new();
        for ind in &self.indicators {
            match out.iter_mut().find(|(g, _)| *g == ind.group_name) {
                Some((_, list)) => list.push(ind),
                None => out.push((ind.group_name.as_str(), vec![ind])),
            }
        }
        out
    }
}

impl Cluster {
    /// Whether a value may be stored under this key; the message says why
    /// not. A view of the covenant asks the covenant, as the store does.
    pub fn check(&self, key: &super::ValueKey, value: Option<Decimal>) -> Result<(), String> {
        if let Some(basis) = &self.basis {
            return basis.covenant.check_value(key, value);
        }
        if key.province != super::CLUSTER && self.province(&key.province).is_none() {
            return Err(format!("Không có tỉnh mã «{}» trong cụm", key.province));
        }
        let Some(ind) = self.indicator(&key.indicator) else {
            return Err(format!("Không có chỉ tiêu mã «{}»", key.indicator));
        };
        match value.and_then(|v| Some((v, ind.refusal(key.kind, v)?))) {
            Some((v, Refusal::OutOfRange)) => Err(format!(
                "Giá trị {} của «{}» nằm ngoài khoảng cho phép {} đến {}",
                v.normalize(),
                ind.name,
                ind.min.normalize(),
                ind.max.normalize()
            )),
            Some((v, Refusal::NotWhole)) => Err(format!(
                "Giá trị {} của «{}» phải là số nguyên ({})",
                v.normalize(),
                ind.name,
                ind.unit
            )),
            None => Ok(()),
        }
    }
}
