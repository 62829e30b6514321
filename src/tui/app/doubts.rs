//! Whether a figure about to be saved looks like a slip (issue #15 item
//! 1): the model's doubts ([`crate::model::plausibility`]) about one cell,
//! with what they compare against — the same unit's same period last year
//! (composed after a merger), the year's plan — read from the session.
//! The cell editor and the paste ask about them before saving; nothing
//! here writes.

use rust_decimal::Decimal;

use super::App;
use crate::model::ValueKey;
use crate::model::plausibility::{self, Doubt, Entry, Share};

/// `2,353` typed where an en-US habit may have meant 2353: both readings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Grouping {
    /// As read the Vietnamese way (the comma a decimal comma).
    pub decimal: Decimal,
    /// The comma as a thousands separator.
    pub thousands: Decimal,
}

impl App {
    /// The two readings of `typed` for `key`, when the criterion makes the
    /// grouping doubtful (not a percentage, fewer than three decimals
    /// shown) and the text is of that form.
    pub(super) fn grouping_doubt(&self, key: &ValueKey, typed: &str) -> Option<Grouping> {
        let criterion = self.data.criterion(&key.indicator)?;
        let ind = self.data.cluster.indicator(&key.indicator)?;
        let decimal = crate::tui::vn::parse_for(ind, typed).ok()?;
        let entry = Entry {
            criterion,
            kind: key.kind,
            value: decimal,
            last_year: None,
            plan: None,
            share: Share::NotShare,
            typed: Some(typed),
        };
        plausibility::assess(&entry)
            .doubts
            .into_iter()
            .find_map(|d| match d {
                Doubt::Grouping {
                    decimal, thousands, ..
                } => Some(Grouping { decimal, thousands }),
                _ => None,
            })
    }

    /// Why `value` for `key` looks implausible, as the model says it (one
    /// sentence a doubt; none: believable). `typed` adds the grouping
    /// doubt (a paste asks it among the others); the editor asks that one
    /// first with a choice of readings and passes None.
    pub(super) fn doubt_sentences(
        &self,
        key: &ValueKey,
        value: Decimal,
        typed: Option<&str>,
    ) -> Vec<String> {
        let Some(criterion) = self.data.criterion(&key.indicator) else {
            return Vec::new();
        };
        let (last_year, plan) = self.data.doubt_basis(key);
        let entry = Entry {
            criterion,
            kind: key.kind,
            value,
            last_year,
            plan,
            share: Share::of(criterion),
            typed,
        };
        let assessment = plausibility::assess(&entry);
        plausibility::sentences(&entry, &assessment)
    }
}
