//! Files in and out: CSV import and export, and the printed report.

pub mod export;
pub mod import;
pub mod report;
