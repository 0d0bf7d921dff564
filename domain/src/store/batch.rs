//! Statements over a batch whose text does not change with the batch's
//! size. PostgreSQL parses and plans a statement text once per connection
//! (sqlx keeps it prepared), but `IN ($1, …, $n)` and `VALUES (…), (…)`
//! make a new text for every n, and registration day's batches come in
//! every size from 1 to 256 (`perf` once found PostgreSQL parsing and
//! planning most of the time). There a list is one array (`= ANY($1)`) and
//! rows are one JSON document (`jsonb_populate_recordset`). SQLite, which
//! prepares statements cheaply, keeps `IN` and `VALUES`. On a 2-core machine
//! whose PostgreSQL waited on commits rather than CPU, the change measured
//! neutral (README, Benchmarks).
use sea_orm::sea_query::{ArrayType, Expr, ExprTrait, PgFunc, SimpleExpr};
use sea_orm::{ActiveModelTrait, ColumnTrait, DbBackend, EntityName, EntityTrait, IdenStatic, Iterable, Statement, Value};
use serde_json::Value as Json;

/// A value that travels in a PostgreSQL array.
pub trait Item: Into<Value> {
    const ARRAY: ArrayType;
}

impl Item for i64 {
    const ARRAY: ArrayType = ArrayType::BigInt;
}

impl Item for String {
    const ARRAY: ArrayType = ArrayType::String;
}

/// `column IN (values)`, as `column = ANY($1)` on PostgreSQL.
pub fn one_of<T: Item>(backend: DbBackend, column: impl ColumnTrait, values: impl IntoIterator<Item = T>) -> SimpleExpr {
    match backend {
        DbBackend::Postgres => {
            let values: Vec<Value> = values.into_iter().map(Into::into).collect();
            Expr::col((column.entity_name(), column)).eq(PgFunc::any(Expr::val(Value::Array(T::ARRAY, Some(Box::new(values))))))
        }
        _ => column.is_in(values),
    }
}

/// What to do when a row meets a unique index.
#[derive(Clone, Copy)]
pub enum OnConflict<'a> {
    Fail,
    /// Skip the row that would repeat this column's value.
    Skip(&'a str),
}

/// PostgreSQL's insert of `rows` with one statement text whatever their
/// number: `INSERT … SELECT … FROM jsonb_populate_recordset(NULL::table, $1)`.
/// `None` where the rows cannot go as JSON (bytes, or rows setting
/// different columns): the caller inserts them the usual way.
pub fn insert_as_json<A: ActiveModelTrait>(rows: &[A], returning: bool, on_conflict: OnConflict<'_>) -> Option<Statement> {
    let first = rows.first()?;
    let columns: Vec<_> = <A::Entity as EntityTrait>::Column::iter().map(|c| (c, !first.get(c).is_not_set())).collect();
    let mut docs = Vec::with_capacity(rows.len());
    for row in rows {
        let mut doc = serde_json::Map::with_capacity(columns.len());
        for (c, set) in &columns {
            match (row.get(*c).into_value(), set) {
                (Some(v), true) => {
                    doc.insert(c.as_str().to_string(), json_of(v)?);
                }
                (None, false) => {}
                // This row sets a column the first does not, or the reverse.
                _ => return None,
            }
        }
        docs.push(Json::Object(doc));
    }
    let names: Vec<String> = columns.iter().filter(|(_, set)| *set).map(|(c, _)| format!("\"{}\"", c.as_str())).collect();
    if names.is_empty() {
        return None;
    }
    let (table, names) = (A::Entity::default().table_name().to_string(), names.join(", "));
    let conflict = match on_conflict {
        OnConflict::Fail => String::new(),
        OnConflict::Skip(column) => format!(" ON CONFLICT (\"{column}\") DO NOTHING"),
    };
    let returning = if returning { " RETURNING *" } else { "" };
    let sql = format!("INSERT INTO \"{table}\" ({names}) SELECT {names} FROM jsonb_populate_recordset(NULL::\"{table}\", $1){conflict}{returning}");
    Some(Statement::from_sql_and_values(DbBackend::Postgres, sql, [Value::Json(Some(Box::new(Json::Array(docs))))]))
}

/// A column's value as PostgreSQL reads it back from JSON; `None` for what
/// JSON does not carry as such (bytes, other types).
fn json_of(v: Value) -> Option<Json> {
    use chrono::SecondsFormat;
    Some(match v {
        Value::Bool(b) => b.map_or(Json::Null, Json::Bool),
        Value::TinyInt(n) => n.map_or(Json::Null, Json::from),
        Value::SmallInt(n) => n.map_or(Json::Null, Json::from),
        Value::Int(n) => n.map_or(Json::Null, Json::from),
        Value::BigInt(n) => n.map_or(Json::Null, Json::from),
        Value::Unsigned(n) => n.map_or(Json::Null, Json::from),
        Value::Double(Some(f)) if f.is_finite() => Json::from(f),
        Value::Double(None) => Json::Null,
        Value::String(s) => s.map_or(Json::Null, Json::String),
        Value::Json(j) => j.map_or(Json::Null, |j| *j),
        Value::ChronoDateTimeUtc(t) => t.map_or(Json::Null, |t| Json::String(t.to_rfc3339_opts(SecondsFormat::Micros, true))),
        Value::ChronoDate(d) => d.map_or(Json::Null, |d| Json::String(d.format("%Y-%m-%d").to_string())),
        Value::ChronoTime(t) => t.map_or(Json::Null, |t| Json::String(t.format("%H:%M:%S%.f").to_string())),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entities::audit_event;
    use sea_orm::Set;

    fn event(seq: i64, actor: Option<i64>) -> audit_event::ActiveModel {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-05T01:02:03.456789Z").expect("t").with_timezone(&chrono::Utc);
        audit_event::ActiveModel {
            seq: Set(seq),
            at: Set(at),
            actor_account_id: Set(actor),
            action: Set("a".into()),
            subject: Set("s".into()),
            payload: Set("{}".into()),
            prev_hash: Set("p".into()),
            hash: Set("h".into()),
            ..Default::default()
        }
    }

    #[test]
    fn any_number_of_rows_makes_one_statement_text() {
        let one = insert_as_json(&[event(1, None)], false, OnConflict::Fail).expect("json");
        let three = insert_as_json(&[event(1, Some(7)), event(2, None), event(3, Some(9))], false, OnConflict::Fail).expect("json");
        assert_eq!(one.sql, three.sql);
        assert!(one.sql.starts_with("INSERT INTO \"audit_event\" (\"seq\", \"at\""), "{}", one.sql);
        let Some(values) = &three.values else { panic!("bound") };
        let Value::Json(Some(doc)) = &values.0[0] else { panic!("json") };
        assert_eq!(doc[0]["at"], "2026-12-05T01:02:03.456789Z");
        assert_eq!(doc[1]["actor_account_id"], Json::Null);
        assert_eq!(doc[2]["actor_account_id"], 9);
    }

    #[test]
    fn rows_setting_different_columns_go_the_usual_way() {
        let mut other = event(2, None);
        other.id = Set(5);
        assert!(insert_as_json(&[event(1, None), other], false, OnConflict::Fail).is_none());
    }

    #[test]
    fn a_list_is_one_array_on_postgres_only() {
        use sea_orm::{QueryFilter, QueryTrait};
        let q = |b, n: i64| audit_event::Entity::find().filter(one_of(b, audit_event::Column::Seq, 0..n)).build(b).sql;
        assert_eq!(q(DbBackend::Postgres, 1), q(DbBackend::Postgres, 200));
        assert!(q(DbBackend::Postgres, 3).contains("= ANY($1)"), "{}", q(DbBackend::Postgres, 3));
        assert_ne!(q(DbBackend::Sqlite, 1), q(DbBackend::Sqlite, 2));
    }
}
