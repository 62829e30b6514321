//! Stored records: one format-version byte, then a bincode 2 (serde) body.
//!
//! bincode records do not survive a changed struct, so the version byte lets
//! thidua recognise records written by another format. A database is in one
//! format as a whole (its `mformat` record, see [`super::migrate`]): opening
//! one of an older format migrates every record once, so readers only ever
//! decode the current version.

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{CodecError, CodecKind, StoreError};
use super::keys;

/// Version of every record this build writes. Raising it means adding a
/// step to [`super::migrate`].
pub const FORMAT_VERSION: u8 = 5;

fn config() -> bincode::config::Configuration {
    bincode::config::standard()
}

pub fn encode<T: Serialize>(record: &T) -> Result<Vec<u8>, StoreError> {
    encode_as(FORMAT_VERSION, record)
}

/// A record tagged with `version` (migration steps write intermediate ones).
pub fn encode_as<T: Serialize>(version: u8, record: &T) -> Result<Vec<u8>, StoreError> {
    let mut out = vec![version];
    let body = bincode::serde::encode_to_vec(record, config())
        .map_err(|e| StoreError::Encode(e.into()))?;
    out.extend_from_slice(&body);
    Ok(out)
}

/// Decode a record stored under `key`; errors name the key.
pub fn decode<T: DeserializeOwned>(key: &[u8], bytes: &[u8]) -> Result<T, StoreError> {
    decode_as(FORMAT_VERSION, key, bytes)
}

/// Decode a record that must carry `version`.
pub fn decode_as<T: DeserializeOwned>(
    version: u8,
    key: &[u8],
    bytes: &[u8],
) -> Result<T, StoreError> {
    let damaged = |cause: CodecError| StoreError::Decode {
        key: keys::describe(key),
        cause,
    };
    let Some((&found, body)) = bytes.split_first() else {
        return Err(damaged(CodecError::new(CodecKind::Empty)));
    };
    if found != version {
        return Err(StoreError::UnknownVersion {
            key: keys::describe(key),
            version: found,
        });
    }
    let (record, used) =
        bincode::serde::decode_from_slice(body, config()).map_err(|e| damaged(e.into()))?;
    if used != body.len() {
        return Err(damaged(CodecError::new(CodecKind::TrailingBytes)));
    }
    Ok(record)
}
