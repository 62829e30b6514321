//! The cluster across the 2025 merger, set up only from files, as the
//! covenant tests share it (through the binary and in the application):
//! the 2026 example of `docs/examples/` and a 2025 year of the twelve old
//! provinces with the same criteria — the units whose figures a comparison
//! across the merger needs, members of the cluster before it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use thidua::io::covenant;
use thidua::model::covenant::Covenant;

/// The covenant files, written to `root/giao-uoc`.
pub fn covenant_dir(root: &Path) -> PathBuf {
    let dir = root.join("giao-uoc");
    std::fs::create_dir(&dir).expect("mkdir");
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/examples/covenant-2026");
    for f in ["units.csv", "members.csv", "indicators.csv", "years.csv"] {
        std::fs::copy(example.join(f), dir.join(f)).expect("copy");
    }
    append(
        &dir.join("years.csv"),
        &["2025,Cụm thi đua các tỉnh Tây Nam bộ,100".to_string()],
    );
    let old = [
        "AG", "BL", "BT", "CM", "DT", "HG", "KG", "LA", "ST", "TG", "TV", "VL",
    ];
    append(
        &dir.join("members.csv"),
        &old.iter()
            .map(|u| format!("2025,{u},member,"))
            .collect::<Vec<_>>(),
    );
    let criteria: Vec<String> = std::fs::read_to_string(dir.join("indicators.csv"))
        .expect("read")
        .lines()
        .filter_map(|l| l.strip_prefix("2026,").map(|rest| format!("2025,{rest}")))
        .collect();
    append(&dir.join("indicators.csv"), &criteria);
    dir
}

/// The covenant those files make (written to `root/giao-uoc` first).
pub fn covenant(root: &Path) -> Covenant {
    let files = covenant::read_dir(&covenant_dir(root)).expect("files");
    match covenant::import(&Covenant::default(), &files) {
        Ok(i) => i.covenant,
        Err(errors) => panic!("{errors:?}"),
    }
}

fn append(path: &Path, lines: &[String]) {
    let mut text = std::fs::read_to_string(path).expect("read");
    if !text.ends_with('\n') {
        text.push('\n');
    }
    for l in lines {
        text.push_str(l);
        text.push('\n');
    }
    std::fs::write(path, text).expect("write");
}
