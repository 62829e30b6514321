//! Members of the cluster and the covenant's indicators, as registered.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
}

/// The workspace: name and members, with the indicators in report order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cluster {
    pub name: String,
    pub provinces: Vec<Province>,
    pub indicators: Vec<Indicator>,
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
    /// Whether a value may be stored under this key; the message says why not.
    pub fn check(&self, key: &super::ValueKey, value: Option<Decimal>) -> Result<(), String> {
        if key.province != super::CLUSTER && self.province(&key.province).is_none() {
            return Err(format!("Không có tỉnh mã «{}» trong cụm", key.province));
        }
        let Some(ind) = self.indicator(&key.indicator) else {
            return Err(format!("Không có chỉ tiêu mã «{}»", key.indicator));
        };
        match value {
            Some(v) if !ind.in_range(v) => Err(format!(
                "Giá trị {} của «{}» nằm ngoài khoảng cho phép {} đến {}",
                v.normalize(),
                ind.name,
                ind.min.normalize(),
                ind.max.normalize()
            )),
            _ => Ok(()),
        }
    }
}
