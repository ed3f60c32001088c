//! A statement and its values, built before it is known where it runs: on a reader, or in a
//! write transaction behind the statements that transaction has queued (see [`super::Tx`]).
//!
//! sqlx's own queries cannot be joined: their values are private once bound. These keep them as
//! SQLite values, so several statements go to SQLite's thread as one text in one round trip.

use super::Tx;
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::sqlite::{SqliteArgumentValue, SqliteArguments, SqliteRow, SqliteTypeInfo};
use sqlx::{Arguments, Encode, FromRow, Sqlite, SqlitePool, Type};
use std::borrow::Cow;

/// Batches of more statements than this are prepared for one use, not kept in the connection's
/// statement cache (a cache entry keeps every statement of its text prepared).
const CACHED_UP_TO: usize = 16;

#[derive(Debug, Default, Clone)]
pub struct Statement {
    sql: String,
    /// Statements in `sql`.
    count: usize,
    values: Vec<SqliteArgumentValue<'static>>,
    /// The first value that could not be encoded; reported when the statement runs.
    error: Option<String>,
}

impl Statement {
    pub fn new(sql: impl Into<String>) -> Self {
        Self {
            sql: sql.into(),
            count: 1,
            ..Self::default()
        }
    }

    /// Binds the next `?`.
    pub fn bind<'v, T: Encode<'v, Sqlite>>(mut self, value: T) -> Self {
        let mut encoded: Vec<SqliteArgumentValue<'v>> = Vec::with_capacity(1);
        match value.encode(&mut encoded) {
            Ok(IsNull::Yes) => self.values.push(SqliteArgumentValue::Null),
            Ok(IsNull::No) => self.values.extend(encoded.into_iter().map(owned)),
            Err(error) => {
                self.error.get_or_insert_with(|| error.to_string());
            }
        }
        self
    }

    /// `next` runs after this one, in the same text.
    pub fn then(mut self, next: Statement) -> Self {
        if !self.sql.is_empty() && !next.sql.is_empty() {
            self.sql.push_str(";\n");
        }
        self.sql.push_str(&next.sql);
        self.count += next.count;
        self.values.extend(next.values);
        self.error = self.error.or(next.error);
        self
    }

    /// The text, its values, and whether to keep it prepared in the connection's cache.
    fn into_parts(self) -> Result<(String, SqliteArguments<'static>, bool), sqlx::Error> {
        if let Some(error) = self.error {
            return Err(sqlx::Error::Encode(error.into()));
        }
        let mut arguments = SqliteArguments::default();
        for value in self.values {
            arguments.add(Encoded(value)).map_err(sqlx::Error::Encode)?;
        }
        Ok((self.sql, arguments, self.count <= CACHED_UP_TO))
    }

    /// Runs it; the rows of its last statement (the others must return none).
    pub async fn fetch_all<'c, T>(
        self,
        on: impl sqlx::SqliteExecutor<'c>,
    ) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        super::decode_all(self.fetch_rows(on).await?)
    }

    pub async fn fetch_optional<'c, T>(
        self,
        on: impl sqlx::SqliteExecutor<'c>,
    ) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        let row = self.fetch_first_row(on).await?;
        row.as_ref().map(T::from_row).transpose()
    }

    /// The rows of its last statement, not decoded yet.
    pub async fn fetch_rows<'c>(
        self,
        on: impl sqlx::SqliteExecutor<'c>,
    ) -> Result<Vec<SqliteRow>, sqlx::Error> {
        let (sql, arguments, cached) = self.into_parts()?;
        let query = sqlx::query_with(&sql, arguments).persistent(cached);
        query.fetch_all(on).await
    }

    pub async fn fetch_first_row<'c>(
        self,
        on: impl sqlx::SqliteExecutor<'c>,
    ) -> Result<Option<SqliteRow>, sqlx::Error> {
        let (sql, arguments, cached) = self.into_parts()?;
        let query = sqlx::query_with(&sql, arguments).persistent(cached);
        query.fetch_optional(on).await
    }

    pub async fn execute<'c>(self, on: impl sqlx::SqliteExecutor<'c>) -> Result<(), sqlx::Error> {
        let (sql, arguments, cached) = self.into_parts()?;
        let query = sqlx::query_with(&sql, arguments).persistent(cached);
        query.execute(on).await.map(drop)
    }
}

fn owned(value: SqliteArgumentValue<'_>) -> SqliteArgumentValue<'static> {
    use SqliteArgumentValue::*;
    match value {
        Null => Null,
        Text(text) => Text(Cow::Owned(text.into_owned())),
        Blob(blob) => Blob(Cow::Owned(blob.into_owned())),
        Double(v) => Double(v),
        Int(v) => Int(v),
        Int64(v) => Int64(v),
    }
}

/// A value already encoded by [`Statement::bind`], handed to sqlx as is.
struct Encoded(SqliteArgumentValue<'static>);

impl<'q> Encode<'q, Sqlite> for Encoded {
    fn encode(self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        buf.push(self.0);
        Ok(IsNull::No)
    }

    fn encode_by_ref(&self, buf: &mut Vec<SqliteArgumentValue<'q>>) -> Result<IsNull, BoxDynError> {
        buf.push(self.0.clone());
        Ok(IsNull::No)
    }
}

impl Type<Sqlite> for Encoded {
    // SQLite binds values without looking at their declared type.
    fn type_info() -> SqliteTypeInfo {
        <str as Type<Sqlite>>::type_info()
    }
}

/// Where a read runs: a reader from the pool, or a write transaction (after what it has queued, in
/// the same round trip).
pub enum On<'a> {
    Pool(&'a SqlitePool),
    Tx(&'a mut Tx),
}

impl On<'_> {
    pub async fn fetch_optional<T>(self, statement: Statement) -> Result<Option<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        match self {
            On::Pool(pool) => statement.fetch_optional(pool).await,
            On::Tx(tx) => tx.fetch_optional(statement).await,
        }
    }

    pub async fn fetch_all<T>(self, statement: Statement) -> Result<Vec<T>, sqlx::Error>
    where
        T: for<'r> FromRow<'r, SqliteRow> + Send + Unpin,
    {
        match self {
            On::Pool(pool) => statement.fetch_all(pool).await,
            On::Tx(tx) => tx.fetch_all(statement).await,
        }
    }
}

impl<'a> From<&'a SqlitePool> for On<'a> {
    fn from(pool: &'a SqlitePool) -> Self {
        On::Pool(pool)
    }
}

impl<'a> From<&'a mut Tx> for On<'a> {
    fn from(tx: &'a mut Tx) -> Self {
        On::Tx(tx)
    }
}
