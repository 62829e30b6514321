//! The pure domain: periods, provinces, indicators, values and every figure
//! derived from them. No I/O here; the store and the screens build on it.

pub mod awards;
pub mod derived;
pub mod figures;
pub mod indicator;
pub mod particulars;
pub mod period;
pub mod score;
pub mod shown;
pub mod value;

pub use derived::{Completeness, YearChange};
pub use figures::{Figures, Ranked};
pub use indicator::{Cluster, ClusterRule, Direction, Indicator, Province, Refusal};
pub use period::{Period, PeriodError, Span};
pub use shown::{Derivation, Shown, Source};
pub use value::{CLUSTER, Figure, Kind, Qualifiers, Value, ValueKey};
