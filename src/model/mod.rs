//! The pure domain: periods, provinces, indicators, values and every figure
//! derived from them. No I/O here; the store and the screens build on it.
//!
//! May use: nothing else in the crate.

pub mod awards;
pub mod calendar;
pub mod compose;
pub mod covenant;
pub mod criterion;
pub mod derived;
pub mod difference;
pub mod figures;
pub mod indicator;
pub mod legacy;
pub mod particulars;
pub mod period;
pub mod period_data;
pub mod plausibility;
pub mod problem;
pub mod scale;
pub mod score;
pub mod scoring;
pub mod shown;
pub mod territory;
pub mod unit;
pub mod value;

pub use derived::{Completeness, YearChange};
pub use figures::{Figures, Ranked};
pub use indicator::{Cluster, ClusterRule, Direction, Indicator, Province, Refusal};
pub use period::{Period, PeriodError, Span};
pub use period_data::PeriodData;
pub use shown::{Derivation, Shown, Source};
pub use value::{CLUSTER, Figure, Kind, Qualifiers, Value, ValueKey};
