//! The built-in Tây Nam bộ covenant in its new form (`data/cluster/`): it
//! reads without an error, is written in the canonical form, and holds the
//! facts of the 2021 report and of Resolution 202/2025/QH15.

use std::path::Path;

use thidua::io::covenant::{self, Files};
use thidua::model::covenant::{Covenant, Role};

fn read(dir: &str) -> (Files, Covenant) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let files = covenant::read_dir(&dir).expect("files");
    match covenant::import(&Covenant::default(), &files) {
        Ok(i) => (files, i.covenant),
        Err(errors) => panic!(
            "{}",
            errors.iter().map(|e| e.to_string()).collect::<Vec<_>>().join("\n")
        ),
    }
}

#[test]
fn the_built_in_files_read_and_are_in_canonical_form() {
    let (files, c) = read("data/cluster");
    let written = covenant::export(&c, None).expect("export");
    let again = covenant::as_files(&written);
    for (name, shipped, exported) in [
        ("units.csv", &files.units, &again.units),
        ("members.csv", &files.members, &again.members),
        ("indicators.csv", &files.indicators, &again.indicators),
        ("years.csv", &files.years, &again.years),
    ] {
        assert_eq!(
            String::from_utf8_lossy(shipped),
            String::from_utf8_lossy(exported),
            "{name}"
        );
    }
}
