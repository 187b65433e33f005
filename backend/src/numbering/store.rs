//! The SQL of the number sequences.

/// The next number of a named sequence (1 for a new one).
pub async fn next(tx: &mut sqlx::Transaction<'_, sqlx::Any>, name: &str) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO number_sequences (name, next) VALUES ($1, 1) \
         ON CONFLICT (name) DO UPDATE SET next = number_sequences.next + 1 RETURNING next",
    )
    .bind(name)
    .fetch_one(&mut **tx)
    .await
}
