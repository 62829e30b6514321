//! The indicators' names cut to a column width so that a base and its
//! variants stay apart (`text::labels::distinct_cuts`), worked out once per
//! width: the names do not change during a run (only weights do), and
//! every frame of Entry and the Matrix needs them.

use std::cell::RefCell;
use std::rc::Rc;

use crate::tui::vn::distinct_cuts;

/// Cut names by indicator index, remembered per width.
pub struct IndicatorLabels {
    names: Vec<String>,
    /// The widths asked for so far (a handful: the Matrix's column, Entry's
    /// name column at the sizes the terminal has had).
    by_width: RefCell<Vec<(usize, Rc<[String]>)>>,
}

impl IndicatorLabels {
    pub fn new(names: impl IntoIterator<Item = String>) -> Self {
        IndicatorLabels {
            names: names.into_iter().collect(),
            by_width: RefCell::new(Vec::new()),
        }
    }

    /// Every indicator's label at `width` columns, by indicator index.
    pub fn at(&self, width: usize) -> Rc<[String]> {
        if let Some((_, labels)) = self.by_width.borrow().iter().find(|(w, _)| *w == width) {
            return labels.clone();
        }
        let names: Vec<&str> = self.names.iter().map(String::as_str).collect();
        let labels: Rc<[String]> = distinct_cuts(&names, width).into();
        self.by_width.borrow_mut().push((width, labels.clone()));
        labels
    }
}
