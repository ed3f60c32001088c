//! Many rows fetched as one: SQLite packs them into a JSON array of arrays (one value of one
//! row), decoded here into rows.
//!
//! sqlx hands every row of a result from the connection's thread to the async task that reads
//! it, one wake-up of the other thread per row; for a full sync's ten thousand calls that
//! hand-off cost more than the query. Packed, the whole list is one hand-off.

use serde::de::DeserializeOwned;
use sqlx::sqlite::SqliteArguments;
use sqlx::{Arguments, SqlitePool};

/// Runs `SELECT {columns} FROM {rest}` with `arguments`, packed, and decodes each row into `T`
/// (a struct deserializes from an array, in field order). Columns must be JSON values: wrap
/// a blob in `hex(…)`. The rows come in no particular order.
pub async fn fetch<T: DeserializeOwned>(
    db: &SqlitePool,
    columns: &str,
    rest: &str,
    arguments: SqliteArguments<'_>,
) -> Result<Vec<T>, sqlx::Error> {
    let sql = format!("SELECT json_group_array(json_array({columns})) FROM {rest}");
    let packed: String = sqlx::query_scalar_with(&sql, arguments)
        .fetch_one(db)
        .await?;
    serde_json::from_str(&packed).map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

/// Integer arguments for [`fetch`], in order.
pub fn integers<'q>(
    values: impl IntoIterator<Item = i64>,
) -> Result<SqliteArguments<'q>, sqlx::Error> {
    let mut arguments = SqliteArguments::default();
    for value in values {
        arguments.add(value).map_err(sqlx::Error::Encode)?;
    }
    Ok(arguments)
}
