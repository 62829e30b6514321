//! The columns of the covenant files, in the order they are written.
//!
//! Every file is CSV, UTF-8 with a BOM (so Excel opens it), one header row,
//! `.` as the decimal point and no thousands separator, dates `YYYY-MM-DD`
//! and an empty cell for an open date or an unset value. Booleans are
//! `true`/`false` (`TRUE`, `có`, `không` are read too). Columns marked
//! *required* must be in the header; the others may be left out of a file
//! made by hand (old files and the minimal form of issue #14 still read).
//! A column the reader does not know is refused, so that a misspelt
//! optional column is never silently dropped. On reading, text is
//! NFC-normalised and stripped of control characters.
//!
//! **`units.csv`** — one row per version of a unit:
//!
//! | column | | meaning |
//! |---|---|---|
//! | `code` | required | stable code (`AG`): capitals, digits, `_` |
//! | `name` | required | name of this version (`An Giang`, `Cần Thơ`) |
//! | `kind` | required | `tỉnh` or `thành phố` |
//! | `valid_from` | required | first day of this version; empty: since before anything recorded |
//! | `valid_until` | required | last day; empty: still in force |
//! | `takes_in` | required | `;`-separated codes of the units whose territory joins on `valid_from` (each ends the day before) |
//!
//! **`members.csv`** — one row per member and year:
//!
//! | column | | meaning |
//! |---|---|---|
//! | `year` | required | covenant year |
//! | `unit_code` | required | a code of `units.csv`, in force on some day of the year |
//! | `role` | required | `member`, `chair` (cụm trưởng, at most one) or `vice_chair` (cụm phó) |
//! | `note` | | remark (`Cụm phó thứ 2`) |
//!
//! **`indicators.csv`** — one row per criterion and year:
//!
//! | column | | meaning |
//! |---|---|---|
//! | `year` | required | covenant year |
//! | `code` | required | stable code across years (`GRDP_GROWTH`) |
//! | `name` | required | Vietnamese name, starting with a capital |
//! | `unit` | required | unit label shown (`tỷ đồng`, `%`, `huân chương`); may be empty |
//! | `group` | required | group code (`economy`) |
//! | `group_name` | required | group name shown (`Kinh tế`), the same on every row of the group |
//! | `order` | required | place within the group (1, 2, …), once per group |
//! | `direction` | required | `higher_better`, `lower_better` or `neutral` |
//! | `rule` | required | cluster rule: `sum`, `mean`, `mean_by:CODE` (weighted by CODE), `ratio:NUM/DEN` (100 × ΣNUM ÷ ΣDEN), `none` |
//! | `decimals` | required | decimals shown (0–6; 0 when `counted`) |
//! | `min`, `max` | required | valid range, inclusive; empty: open. A figure outside is refused |
//! | `counted` | required | counts whole things: a fractional actual is refused |
//! | `in_covenant` | required | `true`: ranked and scored; `false`: a figure the report only quotes |
//! | `parent` | | scoring tree (#18): the group criterion's code, empty at the top |
//! | `max_points` | | MS, the most points |
//! | `method` | | `target`, `ratio`, `rank`, `pass`, `count`, `manual`, `bonus`, `penalty`, or `none` (empty) |
//! | `share_at_target` | | `target`: share of MS at target, 0 < s ≤ 1 (empty: 0.5) |
//! | `leader_full` | | `target`: whether the leader takes MS (empty: true) |
//! | `points_each` | | `count`, `bonus`, `penalty`: points per occurrence |
//! | `cap` | | `count` (empty: MS), `bonus`, `penalty` (required): most points |
//! | `plausible_min`, `plausible_max` | | plausible range (#15): outside it a figure is asked about, not refused |
//! | `plausible_jump` | | year-on-year factor beyond which a figure is asked about (empty: 3) |
//! | `group_order` | | the group's place among the year's groups; when the column is left out, groups come in the order of their first row |
//! | `note` | | remark shown with the criterion |
//!
//! **`years.csv`** — one row per covenant year:
//!
//! | column | | meaning |
//! |---|---|---|
//! | `year` | required | covenant year |
//! | `cluster_name` | required | the cluster's name that year |
//! | `scale_total` | | declared total of the points scale (100, 1000); empty: no scale |

/// File names, in the order they are read and written.
pub const UNITS: &str = "units.csv";
pub const MEMBERS: &str = "members.csv";
pub const INDICATORS: &str = "indicators.csv";
pub const YEARS: &str = "years.csv";
pub const FILES: [&str; 4] = [UNITS, MEMBERS, INDICATORS, YEARS];

/// A file's columns in written order, and how many of the first are required.
pub struct Layout {
    pub file: &'static str,
    pub columns: &'static [&'static str],
    pub required: usize,
}

pub const UNIT_COLUMNS: Layout = Layout {
    file: UNITS,
    columns: &[
        "code",
        "name",
        "kind",
        "valid_from",
        "valid_until",
        "takes_in",
    ],
    required: 6,
};

pub const MEMBER_COLUMNS: Layout = Layout {
    file: MEMBERS,
    columns: &["year", "unit_code", "role", "note"],
    required: 3,
};

pub const INDICATOR_COLUMNS: Layout = Layout {
    file: INDICATORS,
    columns: &[
        "year",
        "code",
        "name",
        "unit",
        "group",
        "group_name",
        "order",
        "direction",
        "rule",
        "decimals",
        "min",
        "max",
        "counted",
        "in_covenant",
        "parent",
        "max_points",
        "method",
        "share_at_target",
        "leader_full",
        "points_each",
        "cap",
        "plausible_min",
        "plausible_max",
        "plausible_jump",
        "group_order",
        "note",
    ],
    required: 14,
};

pub const YEAR_COLUMNS: Layout = Layout {
    file: YEARS,
    columns: &["year", "cluster_name", "scale_total"],
    required: 2,
};
