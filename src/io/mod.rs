//! Files in and out: CSV and spreadsheet import and export, and the
//! report as text, CSV, a Word document or an Excel workbook.
//!
//! May use: `store`, `model`, `text`.

pub mod checks_table;
pub mod covenant;
pub mod covenant_score;
pub mod csv_in;
pub mod docx;
pub mod export;
pub mod figure_columns;
pub mod import;
pub mod markdown;
pub mod osc52;
pub mod output;
pub mod report;
pub mod report_cells;
pub mod review_tables;
pub mod sheet_in;
pub mod table;
pub mod text_pages;
pub mod weights;
pub mod wide_layout;
pub mod xlsx;
