//! Many rows fetched as one: SQLite packs them into a JSON array of arrays (one value of one
//! row), decoded here into rows.
//!
//! sqlx hands every row of a result from the connection's thread to the async task that reads
//! it, one wake-up of the other thread per row; for a full sync's ten thousand calls that
//! hand-off cost more than the query. Packed, the whole list is one hand-off.

use super::Statement;
use serde::de::DeserializeOwned;
use sqlx::SqlitePool;

/// `SELECT {columns} FROM {from}`, packed: bind `from`'s values on the statement, then [`fetch`].
/// Columns must be JSON values: wrap a blob in `hex(…)`.
pub fn select(columns: &str, from: &str) -> Statement {
    Statement::new(format!(
        "SELECT json_group_array(json_array({columns})) FROM {from}"
    ))
}

/// Runs a [`select`] and decodes each row into `T` (a struct deserializes from an array, in field
/// order). The rows come in no particular order.
pub async fn fetch<T: DeserializeOwned>(
    db: &SqlitePool,
    select: Statement,
) -> Result<Vec<T>, sqlx::Error> {
    let packed: Option<(String,)> = select.fetch_optional(db).await?;
    let packed = packed.map(|(json,)| json).unwrap_or_else(|| "[]".into());
    decode(&packed)
}

/// Decodes packed JSON (rows, or one row) read in a column of a larger statement.
pub fn decode<T: DeserializeOwned>(json: &str) -> Result<T, sqlx::Error> {
    serde_json::from_str(json).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Ids as one JSON array, to bind for `IN (SELECT value FROM json_each(?))`: one statement
/// text whatever their number (a list of `?` would be a new statement for each length).
pub fn id_list(ids: impl IntoIterator<Item = i64>) -> String {
    let ids: Vec<String> = ids.into_iter().map(|id| id.to_string()).collect();
    format!("[{}]", ids.join(","))
}
