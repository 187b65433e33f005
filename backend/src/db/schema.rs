//! The migrated schema, read back from the engine and written the same way
//! for both, so that the two migration folders can be held equal: tables,
//! columns (by type family and nullability), primary keys, indexes and
//! text-search indexes.

use sqlx::Row;

use super::{Db, Engine};

/// A column type by family: engines spell the same thing differently.
fn family(declared: &str) -> &'static str {
    let t = declared.to_ascii_lowercase();
    if t.contains("int") {
        "integer"
    } else if t.contains("char") || t.contains("text") || t.contains("clob") {
        "text"
    } else if t.contains("bool") {
        "boolean"
    } else if t.contains("real") || t.contains("floa") || t.contains("doub") || t.contains("numeric") {
        "real"
    } else if t.contains("blob") || t.contains("bytea") {
        "bytes"
    } else {
        "other"
    }
}

/// One line per fact, sorted: `table t`, `column t.c integer not null`,
/// `primary t (a, b)`, `index t (a, b)`, `unique index t (a) where …`.
pub async fn describe(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut lines = match db.engine {
        Engine::Sqlite => sqlite(db).await?,
        Engine::Postgres => postgres(db).await?,
    };
    lines.sort();
    lines.dedup();
    Ok(lines)
}

fn index_line(table: &str, unique: bool, partial: bool, columns: &str) -> String {
    format!(
        "{}index {table} ({columns}){}",
        if unique { "unique " } else { "" },
        if partial { " partial" } else { "" }
    )
}

async fn sqlite(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut out = Vec::new();
    // A full-text table is the engine's own kind of text index: written as
    // `text search <name>`, as PostgreSQL's trigram index of that name is;
    // its shadow tables are the engine's business.
    let listed = sqlx::query(
        "SELECT name, type FROM pragma_table_list WHERE schema = 'main' AND type IN ('table', 'virtual') \
         AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_sqlx%'",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut tables = Vec::new();
    for row in &listed {
        let name: String = row.try_get("name")?;
        if row.try_get::<String, _>("type")? == "virtual" {
            out.push(format!("text search {name}"));
        } else {
            tables.push(name);
        }
    }
    for table in tables {
        out.push(format!("table {table}"));
        // The names come from the catalogue, never from input.
        let columns = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA table_info('{table}')")))
            .fetch_all(&db.pool)
            .await?;
        let mut primary = Vec::new();
        for c in &columns {
            let name: String = c.try_get("name")?;
            let declared: String = c.try_get("type")?;
            let pk: i64 = c.try_get("pk")?;
            let not_null = c.try_get::<i64, _>("notnull")? != 0 || pk > 0;
            if pk > 0 {
                primary.push((pk, name.clone()));
            }
            out.push(format!(
                "column {table}.{name} {} {}",
                family(&declared),
                if not_null { "not null" } else { "null" }
            ));
        }
        if !primary.is_empty() {
            primary.sort();
            let names: Vec<_> = primary.into_iter().map(|(_, n)| n).collect();
            out.push(format!("primary {table} ({})", names.join(", ")));
        }
        let indexes = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA index_list('{table}')")))
            .fetch_all(&db.pool)
            .await?;
        for i in &indexes {
            let origin: String = i.try_get("origin")?;
            if origin == "pk" {
                continue;
            }
            let name: String = i.try_get("name")?;
            let unique = i.try_get::<i64, _>("unique")? != 0;
            let partial = i.try_get::<i64, _>("partial")? != 0;
            let cols = sqlx::query(sqlx::AssertSqlSafe(format!("PRAGMA index_info('{name}')")))
                .fetch_all(&db.pool)
                .await?;
            let names: Vec<String> = cols
                .iter()
                .map(|c| {
                    c.try_get::<Option<String>, _>("name")
                        .map(|n| n.unwrap_or_else(|| "(expression)".to_owned()))
                })
                .collect::<Result<_, _>>()?;
            out.push(index_line(&table, unique, partial, &names.join(", ")));
        }
    }
    Ok(out)
}

async fn postgres(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let mut out = Vec::new();
    let columns = sqlx::query(
        "SELECT c.table_name::text AS table_name, c.column_name::text AS column_name, c.data_type::text AS data_type, \
         c.is_nullable::text AS is_nullable FROM information_schema.columns c \
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE' AND c.table_name NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&db.pool)
    .await?;
    for c in &columns {
        let table: String = c.try_get("table_name")?;
        let name: String = c.try_get("column_name")?;
        let declared: String = c.try_get("data_type")?;
        let nullable: String = c.try_get("is_nullable")?;
        out.push(format!("table {table}"));
        out.push(format!(
            "column {table}.{name} {} {}",
            family(&declared),
            if nullable == "YES" { "null" } else { "not null" }
        ));
    }
    let indexes = sqlx::query(
        "SELECT t.relname::text AS table_name, \
         CASE WHEN ix.indisunique THEN 1 ELSE 0 END AS is_unique, \
         CASE WHEN ix.indisprimary THEN 1 ELSE 0 END AS is_primary, \
         CASE WHEN ix.indpred IS NULL THEN 0 ELSE 1 END AS is_partial, \
         CASE WHEN am.amname = 'gin' THEN 1 ELSE 0 END AS is_text_search, i.relname::text AS index_name, \
         array_to_string(ARRAY(SELECT COALESCE(a.attname::text, '(expression)') \
           FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, n) \
           LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.n), ', ') AS columns \
         FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace \
         JOIN pg_class i ON i.oid = ix.indexrelid JOIN pg_am am ON am.oid = i.relam \
         WHERE ns.nspname = 'public' AND t.relname NOT LIKE '\\_sqlx%'",
    )
    .fetch_all(&db.pool)
    .await?;
    for i in &indexes {
        let table: String = i.try_get("table_name")?;
        let columns: String = i.try_get("columns")?;
        if i.try_get::<i32, _>("is_text_search")? != 0 {
            out.push(format!("text search {}", i.try_get::<String, _>("index_name")?));
        } else if i.try_get::<i32, _>("is_primary")? != 0 {
            out.push(format!("primary {table} ({columns})"));
        } else {
            let unique = i.try_get::<i32, _>("is_unique")? != 0;
            let partial = i.try_get::<i32, _>("is_partial")? != 0;
            out.push(index_line(&table, unique, partial, &columns));
        }
    }
    Ok(out)
}
