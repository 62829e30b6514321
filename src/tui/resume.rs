//! Where the officer left the application — the screen, the period, the
//! province and the cell — so that it reopens there. Kept per user and
//! per database outside the database, in the user's state directory
//! (`$XDG_STATE_HOME/thidua`, by default `~/.local/state/thidua`): where
//! one officer stood is not the shared database's business, and a
//! database restored or copied elsewhere does not carry it along. What is
//! kept is names (codes), never positions: a cell that no longer exists
//! falls back to its screen's first (see `App::resume`).

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// A place in the application, by names.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    /// The database it belongs to (checked on load).
    pub database: String,
    /// `provinces`, `entry`, `matrix`, `summary`, `ranking`, `score`, `awards`.
    pub screen: String,
    pub period: Option<String>,
    /// Entry's province, its indicator and column (`plan`, `actual`, `last_year`).
    pub entry_province: Option<String>,
    pub entry_indicator: Option<String>,
    pub entry_column: Option<String>,
    /// The Matrix's province and indicator.
    pub matrix_province: Option<String>,
    pub matrix_indicator: Option<String>,
}

/// The file keeping the place for `database` (None where the platform
/// has no state directory).
pub fn file_for(database: &Path) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "thidua")?;
    let state = dirs.state_dir()?;
    let name = database_name(database);
    let id = crc32fast::hash(name.as_bytes());
    Some(state.join(format!("place-{id:08x}.json")))
}

/// The database as the place names it: its full path where it exists.
pub fn database_name(database: &Path) -> String {
    std::fs::canonicalize(database)
        .unwrap_or_else(|_| database.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

/// The place kept in `file` for `database`, if there is one that reads.
pub fn load(file: &Path, database: &str) -> Option<Place> {
    let text = std::fs::read_to_string(file).ok()?;
    let place: Place = serde_json::from_str(&text).ok()?;
    (place.database == database).then_some(place)
}

/// Keep `place` in `file` (written whole, then renamed over the old one).
pub fn save(file: &Path, place: &Place) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let text = serde_json::to_string_pretty(place).map_err(std::io::Error::other)?;
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, file)
}
