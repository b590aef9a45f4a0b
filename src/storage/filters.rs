//! A `WHERE` clause made of only the filters a caller gave.
//!
//! `(?1 IS NULL OR c.staff_id = ?1)` keeps one statement for every choice of
//! filters, but SQLite cannot answer a condition that may hold whatever the
//! row from an index: it reads every row. On a person's page, or once per
//! person in the annual batch, that is every thank-you or check of the
//! practice for each person. A [`Where`] holds only the conditions given,
//! each with its own parameter, so each is answered from its index.

use rusqlite::ToSql;

#[derive(Default)]
pub(crate) struct Where {
    conditions: Vec<&'static str>,
    params: Vec<Box<dyn ToSql>>,
}

impl Where {
    /// `condition` when there is a value, with `value` for each of its `?`.
    pub(crate) fn filter<V: ToSql + Clone + 'static>(
        mut self,
        condition: &'static str,
        value: Option<V>,
    ) -> Self {
        if let Some(v) = value {
            self.conditions.push(condition);
            for _ in condition.matches('?') {
                self.params.push(Box::new(v.clone()));
            }
        }
        self
    }

    /// `condition`, which takes no parameter, when `wanted`.
    pub(crate) fn when(mut self, condition: &'static str, wanted: bool) -> Self {
        if wanted {
            self.conditions.push(condition);
        }
        self
    }

    /// ` WHERE a AND b`, or nothing when no filter was given.
    pub(crate) fn sql(&self) -> String {
        if self.conditions.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.conditions.join(" AND "))
        }
    }

    /// The values, in the order of their `?`.
    pub(crate) fn params(&self) -> impl rusqlite::Params + '_ {
        rusqlite::params_from_iter(self.params.iter())
    }
}

#[cfg(test)]
mod tests {
    use super::Where;
    use rusqlite::Connection;

    fn plan(conn: &Connection, sql: &str, params: impl rusqlite::Params) -> String {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let rows = stmt.query_map(params, |r| r.get::<_, String>(3)).unwrap();
        rows.map(Result::unwrap).collect::<Vec<_>>().join("; ")
    }

    #[test]
    fn only_the_filters_given_and_each_from_its_index() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch(
            "CREATE TABLE checks (id INTEGER PRIMARY KEY, staff_id INTEGER, checked_on TEXT);
             CREATE INDEX checks_by_person ON checks (staff_id);
             INSERT INTO checks (staff_id, checked_on) VALUES (1, '2026-01-02'), (2, '2026-03-04'), (1, '2026-05-06');",
        )
        .unwrap();
        let person = Where::default()
            .filter("staff_id = ?", Some(1i64))
            .filter("checked_on >= ?", None::<String>)
            .filter("checked_on <= ?", Some("2026-04-01".to_owned()))
            .when("id > 0", true)
            .when("id < 0", false);
        assert_eq!(
            person.sql(),
            " WHERE staff_id = ? AND checked_on <= ? AND id > 0"
        );
        let select = format!("SELECT id FROM checks{}", person.sql());
        let ids: Vec<i64> = conn
            .prepare(&select)
            .unwrap()
            .query_map(person.params(), |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(ids, [1]);
        assert!(plan(&conn, &select, person.params()).contains("USING INDEX checks_by_person"));
        // What it replaces reads every row.
        let either = "SELECT id FROM checks WHERE (?1 IS NULL OR staff_id = ?1)";
        assert!(plan(&conn, either, [1]).starts_with("SCAN checks"));

        let none = Where::default().filter("staff_id = ?", None::<i64>);
        assert_eq!(none.sql(), "");
        // A value used twice is bound twice.
        let twice = Where::default().filter("(staff_id = ? AND id = ?)", Some(2i64));
        let n: i64 = conn
            .query_row(
                &format!("SELECT COUNT(*) FROM checks{}", twice.sql()),
                twice.params(),
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, 1, "check 2, which is staff 2's");
    }
}
