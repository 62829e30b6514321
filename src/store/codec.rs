//! Stored records: one format-version byte, then a bincode 2 (serde) body.
//!
//! bincode records do not survive a changed struct, so the version byte lets a
//! future thidua recognise (and migrate or refuse) records written by this one.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::StoreError;
use super::keys;

/// Version of every record this build writes.
pub const FORMAT_VERSION: u8 = 1;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

pub fn encode<T: Serialize>(record: &T) -> Result<Vec<u8>, StoreError> {
    let mut out = vec![FORMAT_VERSION];
    let body = bincode::serde::encode_to_vec(record, config())
        .map_err(|e| StoreError::Io(format!("không mã hoá được bản ghi: {e}")))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decode a record stored under `key`; errors name the key.
pub fn decode<T: DeserializeOwned>(key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
    let Some((&version, body)) = bytes.split_first() else {
        return Err(StoreError::Decode {
            key: keys::describe(key),
            reason: "bản ghi rỗng".into(),
        });
    };
    if version != FORMAT_VERSION {
        return Err(StoreError::UnknownVersion {
            key: keys::describe(key),
            version,
        });
    }
    let (record, used) =
        bincode::serde::decode_from_slice(body, config()).map_err(|e| StoreError::Decode {
            key: keys::describe(key),
            reason: e.to_string(),
        })?;
    if used != body.len() {
        return Err(StoreError::Decode {
            key: keys::describe(key),
            reason: "thừa dữ liệu sau bản ghi".into(),
        });
    }
    Ok(record)
}
