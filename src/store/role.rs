//! Roles of OS users on a shared database, stored beside the figures.
//! The rules saying what each role may do live in `server::roles`.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Role {
    /// All provinces, indicators, weights and roles.
    Admin,
    /// Edit only this province's values (its code, e.g. `AG`).
    Province(String),
    /// Read only. Every user without a stored role is a viewer.
    Viewer,
}

impl Role {
    /// `admin`, `viewer`, `province AG` (also `province:AG`, `tinh AG`).
    pub fn parse(text: &str) -> Option<Role> {
        let lower = text.trim().to_lowercase();
        match lower.as_str() {
            "admin" | "quản trị" | "quan tri" => return Some(Role::Admin),
            "viewer" | "xem" => return Some(Role::Viewer),
            _ => {}
        }
        let rest = ["province", "tỉnh", "tinh"]
            .iter()
            .find_map(|p| lower.strip_prefix(p))?;
        let code = rest.trim_start_matches([' ', ':']).trim();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return None;
        }
        Some(Role::Province(code.to_ascii_uppercase()))
    }
}

/// One change of a user's role, kept in its own log (`R` + user + seq) so
/// that [`super::Change`], which screens match on, stays about figures.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleEntry {
    /// From the same sequence as the audit log.
    pub seq: u64,
    pub at_ms: i64,
    /// Who changed it (an admin).
    pub by: String,
    pub user: String,
    /// `None`: no stored role, i.e. viewer.
    pub old: Option<Role>,
    pub new: Option<Role>,
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Role::Admin => f.write_str("admin"),
            Role::Province(code) => write!(f, "province {code}"),
            Role::Viewer => f.write_str("viewer"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_parse_and_print() {
        assert_eq!(Role::parse("admin"), Some(Role::Admin));
        assert_eq!(Role::parse(" Viewer "), Some(Role::Viewer));
        assert_eq!(
            Role::parse("province ag"),
            Some(Role::Province("AG".into()))
        );
        assert_eq!(
            Role::parse("province:DT"),
            Some(Role::Province("DT".into()))
        );
        assert_eq!(Role::parse("tỉnh CM"), Some(Role::Province("CM".into())));
        assert_eq!(Role::parse("province"), None);
        assert_eq!(Role::parse("province A G"), None);
        assert_eq!(Role::parse("boss"), None);
        for r in [Role::Admin, Role::Viewer, Role::Province("KG".into())] {
            assert_eq!(Role::parse(&r.to_string()), Some(r));
        }
    }
}
