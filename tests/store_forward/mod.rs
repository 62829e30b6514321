//! Stores that tests put in front of a real one (a fixed location, a
//! counter of the values read) forward most calls unchanged. The
//! forwarding of each `Store` method is written once here; a wrapper
//! names the methods it forwards, and every other keeps the trait's
//! default, as it did when each wrapper wrote its own.
//!
//! ```ignore
//! impl Store for Fixed {
//!     forward_store!(s => s.0; cluster, values, get, write, user);
//!     fn location(&self) -> Location { … }
//! }
//! ```
//! `s` stands for `self` and `s.0` is the store forwarded to.

/// Forwarding methods of `Store`: `forward_store!(s => INNER; METHOD, …)`.
macro_rules! forward_store {
    ($s:ident => $inner:expr; $($method:ident),* $(,)?) => {
        $( forward_store!(@one $s => $inner; $method); )*
    };
    (@one $s:ident => $inner:expr; cluster) => {
        fn cluster(&self) -> ::thidua::store::Result<::thidua::model::Cluster> {
            let $s = self;
            $inner.cluster()
        }
    };
    (@one $s:ident => $inner:expr; cluster_for) => {
        fn cluster_for(
            &self,
            period: ::thidua::model::Period,
        ) -> ::thidua::store::Result<::thidua::model::Cluster> {
            let $s = self;
            $inner.cluster_for(period)
        }
    };
    (@one $s:ident => $inner:expr; covenant) => {
        fn covenant(&self) -> ::thidua::store::Result<::thidua::store::CovenantState> {
            let $s = self;
            $inner.covenant()
        }
    };
    (@one $s:ident => $inner:expr; change_covenant) => {
        fn change_covenant(
            &self,
            edit: ::thidua::store::CovenantEdit,
        ) -> ::thidua::store::Result<::thidua::store::CovenantOutcome> {
            let $s = self;
            $inner.change_covenant(edit)
        }
    };
    (@one $s:ident => $inner:expr; covenant_history) => {
        fn covenant_history(
            &self,
            of: &::thidua::store::HistoryOf,
        ) -> ::thidua::store::Result<Vec<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.covenant_history(of)
        }
    };
    (@one $s:ident => $inner:expr; periods) => {
        fn periods(&self) -> ::thidua::store::Result<Vec<::thidua::model::Period>> {
            let $s = self;
            $inner.periods()
        }
    };
    (@one $s:ident => $inner:expr; unit_counts) => {
        fn unit_counts(
            &self,
            period: ::thidua::model::Period,
        ) -> ::thidua::store::Result<Vec<::thidua::store::UnitCount>> {
            let $s = self;
            $inner.unit_counts(period)
        }
    };
    (@one $s:ident => $inner:expr; reported_criteria) => {
        fn reported_criteria(
            &self,
            period: ::thidua::model::Period,
        ) -> ::thidua::store::Result<Vec<(String, u32)>> {
            let $s = self;
            $inner.reported_criteria(period)
        }
    };
    (@one $s:ident => $inner:expr; last_entries) => {
        fn last_entries(
            &self,
            keys: &[::thidua::model::ValueKey],
        ) -> ::thidua::store::Result<Vec<Option<::thidua::store::AuditEntry>>> {
            let $s = self;
            $inner.last_entries(keys)
        }
    };
    (@one $s:ident => $inner:expr; values) => {
        fn values(
            &self,
            period: Option<::thidua::model::Period>,
        ) -> ::thidua::store::Result<Vec<::thidua::model::Value>> {
            let $s = self;
            $inner.values(period)
        }
    };
    (@one $s:ident => $inner:expr; get) => {
        fn get(
            &self,
            key: &::thidua::model::ValueKey,
        ) -> ::thidua::store::Result<Option<::thidua::model::Figure>> {
            let $s = self;
            $inner.get(key)
        }
    };
    (@one $s:ident => $inner:expr; write) => {
        fn write(
            &self,
            edit: ::thidua::store::Edit,
        ) -> ::thidua::store::Result<Option<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.write(edit)
        }
    };
    (@one $s:ident => $inner:expr; write_batch) => {
        fn write_batch(
            &self,
            edits: Vec<::thidua::store::Edit>,
        ) -> ::thidua::store::Result<::thidua::store::BatchOutcome> {
            let $s = self;
            $inner.write_batch(edits)
        }
    };
    (@one $s:ident => $inner:expr; set_weight) => {
        fn set_weight(
            &self,
            indicator: &str,
            weight: ::rust_decimal::Decimal,
            expect: Option<::rust_decimal::Decimal>,
        ) -> ::thidua::store::Result<Option<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.set_weight(indicator, weight, expect)
        }
    };
    (@one $s:ident => $inner:expr; history) => {
        fn history(
            &self,
            key: &::thidua::model::ValueKey,
        ) -> ::thidua::store::Result<Vec<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.history(key)
        }
    };
    (@one $s:ident => $inner:expr; weight_history) => {
        fn weight_history(
            &self,
            indicator: &str,
        ) -> ::thidua::store::Result<Vec<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.weight_history(indicator)
        }
    };
    (@one $s:ident => $inner:expr; user) => {
        fn user(&self) -> &str {
            let $s = self;
            $inner.user()
        }
    };
    (@one $s:ident => $inner:expr; location) => {
        fn location(&self) -> ::thidua::store::Location {
            let $s = self;
            $inner.location()
        }
    };
    (@one $s:ident => $inner:expr; period_status) => {
        fn period_status(
            &self,
            period: ::thidua::model::Period,
        ) -> ::thidua::store::Result<::thidua::store::PeriodStatus> {
            let $s = self;
            $inner.period_status(period)
        }
    };
    (@one $s:ident => $inner:expr; change_period) => {
        fn change_period(
            &self,
            act: ::thidua::store::PeriodAct,
        ) -> ::thidua::store::Result<Option<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.change_period(act)
        }
    };
    (@one $s:ident => $inner:expr; period_history) => {
        fn period_history(
            &self,
            period: ::thidua::model::Period,
        ) -> ::thidua::store::Result<Vec<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.period_history(period)
        }
    };
    (@one $s:ident => $inner:expr; sheet_entries) => {
        fn sheet_entries(
            &self,
            period: ::thidua::model::Period,
        ) -> ::thidua::store::Result<Vec<(String, ::thidua::model::scoring::SheetEntries)>> {
            let $s = self;
            $inner.sheet_entries(period)
        }
    };
    (@one $s:ident => $inner:expr; change_sheet) => {
        fn change_sheet(
            &self,
            edit: ::thidua::store::SheetEdit,
        ) -> ::thidua::store::Result<Option<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.change_sheet(edit)
        }
    };
    (@one $s:ident => $inner:expr; meeting) => {
        fn meeting(
            &self,
            period: ::thidua::model::Period,
        ) -> ::thidua::store::Result<Option<::thidua::model::scoring::vote::Meeting>> {
            let $s = self;
            $inner.meeting(period)
        }
    };
    (@one $s:ident => $inner:expr; change_meeting) => {
        fn change_meeting(
            &self,
            edit: ::thidua::store::MeetingEdit,
        ) -> ::thidua::store::Result<Vec<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.change_meeting(edit)
        }
    };
    (@one $s:ident => $inner:expr; scoring_history) => {
        fn scoring_history(
            &self,
            of: &::thidua::store::ScoringSubject,
        ) -> ::thidua::store::Result<Vec<::thidua::store::AuditEntry>> {
            let $s = self;
            $inner.scoring_history(of)
        }
    };
}

pub(crate) use forward_store;
