//! thidua: track a Vietnamese emulation cluster's covenant (giao ước thi đua).

pub mod text;
