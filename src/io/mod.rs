//! Files in and out: CSV import and export, and the printed report.
//!
//! May use: `store`, `model`, `text`.

pub mod covenant;
pub mod csv_in;
pub mod export;
pub mod import;
pub mod osc52;
pub mod report;
pub mod review_tables;
pub mod table;
pub mod weights;
