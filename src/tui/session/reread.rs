//! Reading a shown period again when the server says many of its figures
//! changed at once (another officer's import, of which only the last
//! entry is pushed): the period's figures are replaced by what the store
//! holds now, the others and the undo history stay.

use std::collections::HashMap;

use super::Session;
use crate::model::{Figure, Period, ValueKey};
use crate::store::StoreError;

impl Session {
    /// Read again those of `periods` that are in memory; the periods read
    /// again (empty: none of them is shown, nothing was read).
    pub fn reread_periods(&mut self, periods: &[Period]) -> Result<Vec<Period>, StoreError> {
        let mut read = Vec::new();
        for &p in periods {
            if !self.loaded.contains(&p) {
                continue;
            }
            let fresh: HashMap<ValueKey, Figure> = self
                .store
                .values(Some(p))?
                .into_iter()
                .map(|v| (v.key, v.figure))
                .collect();
            let gone: Vec<ValueKey> = self
                .figures
                .iter()
                .filter(|(k, _)| k.period == p && !fresh.contains_key(*k))
                .map(|(k, _)| k.clone())
                .collect();
            for k in gone {
                self.figures.apply(k, None);
            }
            for (k, f) in fresh {
                self.figures.apply(k, Some(f));
            }
            read.push(p);
        }
        if !read.is_empty() {
            self.figures_changed();
        }
        Ok(read)
    }
}
