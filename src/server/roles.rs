//! Who may do what on a shared database: pure rules, no I/O. The server asks
//! them before every write, with the role stored for the connection's OS user.

use crate::model::CLUSTER;
use crate::store::{Edit, Role};

/// The role of a user with nothing stored.
pub fn effective(stored: Option<Role>) -> Role {
    stored.unwrap_or(Role::Viewer)
}

/// May `role` change this cell? The error says why not, in Vietnamese.
pub fn may_write(role: &Role, edit: &Edit) -> Result<(), String> {
    let key = &edit.key;
    match role {
        Role::Admin => Ok(()),
        Role::Province(own) if *own == key.province => Ok(()),
        Role::Province(own) if key.province == CLUSTER => Err(format!(
            "bạn chỉ được nhập số liệu của tỉnh {own}; số liệu của cả cụm do quản trị viên nhập"
        )),
        Role::Province(own) => Err(format!(
            "bạn chỉ được nhập số liệu của tỉnh {own}, không được sửa số liệu của {}",
            key.province
        )),
        Role::Viewer => Err(
            "bạn chỉ có quyền xem; hãy nhờ quản trị viên cấp quyền (`thidua users grant`)".into(),
        ),
    }
}

/// All edits of a batch must be allowed; the first refusal names its cell.
pub fn may_write_all(role: &Role, edits: &[Edit]) -> Result<(), String> {
    for e in edits {
        may_write(role, e).map_err(|why| format!("{why} (ô {}); không ghi gì", e.key))?;
    }
    Ok(())
}

pub fn may_set_weight(role: &Role) -> Result<(), String> {
    match role {
        Role::Admin => Ok(()),
        _ => Err("chỉ quản trị viên được đổi trọng số chỉ tiêu".into()),
    }
}

/// The covenant (units, members, criteria, scale) is the secretariat's:
/// province officers and viewers see it, only an admin changes it.
pub fn may_change_covenant(role: &Role) -> Result<(), String> {
    match role {
        Role::Admin => Ok(()),
        _ => Err(
            "chỉ quản trị viên được sửa giao ước (đơn vị, thành viên, chỉ tiêu); bạn chỉ xem được"
                .into(),
        ),
    }
}

/// May `role` hand in (or take back) `unit`'s figures of a period? A
/// province officer its own unit's, an admin any unit's.
pub fn may_submit(role: &Role, unit: &str) -> Result<(), String> {
    match role {
        Role::Admin => Ok(()),
        Role::Province(own) if own == unit => Ok(()),
        Role::Province(own) => Err(format!(
            "bạn chỉ được nộp số liệu của tỉnh {own}, không được nộp thay {}",
            crate::text::normalize::clean(unit)
        )),
        Role::Viewer => Err(
            "bạn chỉ có quyền xem; hãy nhờ quản trị viên cấp quyền (`thidua users grant`)".into(),
        ),
    }
}

/// Only an admin takes back a submission (a unit's officer changes a
/// figure instead, which reopens it).
pub fn may_reopen(role: &Role) -> Result<(), String> {
    match role {
        Role::Admin => Ok(()),
        _ => {
            Err("chỉ quản trị viên được mở lại số liệu đã nộp; sửa một số liệu cũng mở lại".into())
        }
    }
}

/// Locking and unlocking a period (`chốt số liệu`) is the secretariat's.
pub fn may_lock(role: &Role) -> Result<(), String> {
    match role {
        Role::Admin => Ok(()),
        _ => Err("chỉ quản trị viên được chốt số liệu hoặc mở khoá một kỳ".into()),
    }
}

/// May `role` carry out `act`?
pub fn may_change_period(role: &Role, act: &crate::store::PeriodAct) -> Result<(), String> {
    use crate::store::PeriodAct;
    match act {
        PeriodAct::Submit { unit, .. } => may_submit(role, unit),
        PeriodAct::Reopen { .. } => may_reopen(role),
        PeriodAct::Lock { .. } | PeriodAct::Unlock { .. } => may_lock(role),
    }
}

pub fn may_manage_roles(role: &Role) -> Result<(), String> {
    match role {
        Role::Admin => Ok(()),
        _ => Err("chỉ quản trị viên được cấp hoặc thu hồi quyền".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Figure, Kind, ValueKey};
    use crate::store::Expect;
    use rust_decimal::Decimal;

    fn edit(province: &str) -> Edit {
        Edit::new(
            ValueKey::new(
                "2021-H1".parse().expect("period"),
                province,
                "GRDP_GROWTH",
                Kind::Actual,
            ),
            Some(Figure::plain(Decimal::ONE)),
            Expect::Any,
        )
    }

    #[test]
    fn province_officer_writes_only_their_province() {
        let ag = Role::Province("AG".into());
        assert!(may_write(&ag, &edit("AG")).is_ok());
        let why = may_write(&ag, &edit("DT")).expect_err("AG cannot write DT");
        assert!(why.contains("AG") && why.contains("DT"), "{why}");
        assert!(may_write(&ag, &edit(CLUSTER)).is_err());
    }

    #[test]
    fn viewer_cannot_write() {
        for p in ["AG", "DT", CLUSTER] {
            let why = may_write(&Role::Viewer, &edit(p)).expect_err("viewer");
            assert!(why.contains("quyền xem"), "{why}");
        }
        assert_eq!(effective(None), Role::Viewer);
    }

    #[test]
    fn admin_can_write_everything() {
        for p in ["AG", "DT", CLUSTER] {
            assert!(may_write(&Role::Admin, &edit(p)).is_ok());
        }
        assert!(may_set_weight(&Role::Admin).is_ok());
        assert!(may_manage_roles(&Role::Admin).is_ok());
    }

    #[test]
    fn only_admin_changes_weights_and_roles() {
        for r in [Role::Viewer, Role::Province("AG".into())] {
            assert!(may_set_weight(&r).is_err());
            assert!(may_manage_roles(&r).is_err());
            assert!(may_change_covenant(&r).is_err());
        }
        assert!(may_change_covenant(&Role::Admin).is_ok());
    }

    #[test]
    fn officers_hand_in_their_own_unit_and_only_admins_lock() {
        use crate::store::PeriodAct;
        let p = "2021-H1".parse().expect("p");
        let ag = Role::Province("AG".into());
        let submit = |u: &str| PeriodAct::Submit {
            period: p,
            unit: u.into(),
        };
        assert!(may_change_period(&ag, &submit("AG")).is_ok());
        assert!(may_change_period(&ag, &submit("DT")).is_err());
        assert!(may_change_period(&Role::Viewer, &submit("AG")).is_err());
        assert!(may_change_period(&Role::Admin, &submit("DT")).is_ok());
        let lock = PeriodAct::Lock {
            period: p,
            reason: None,
        };
        assert!(may_change_period(&ag, &lock).is_err());
        assert!(may_change_period(&Role::Viewer, &lock).is_err());
        assert!(may_change_period(&Role::Admin, &lock).is_ok());
        let reopen = PeriodAct::Reopen {
            period: p,
            unit: "AG".into(),
            reason: "sai".into(),
        };
        assert!(may_change_period(&ag, &reopen).is_err());
    }

    #[test]
    fn a_batch_is_refused_whole_naming_the_first_foreign_cell() {
        let ag = Role::Province("AG".into());
        assert!(may_write_all(&ag, &[edit("AG"), edit("AG")]).is_ok());
        let why = may_write_all(&ag, &[edit("AG"), edit("KG")]).expect_err("KG");
        assert!(why.contains("KG") && why.contains("không ghi gì"), "{why}");
    }
}
