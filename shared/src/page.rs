//! Lists read a page at a time by keyset: a page's rows, and the cursor
//! of the next page — the sort key of the last row shown, `number:text`
//! (a time or a deadline, then an id or a number that breaks ties). A
//! page deep in a list costs what the first costs: the index seeks to the
//! cursor instead of counting rows to skip.

use serde::{Deserialize, Serialize};

/// A page of a list.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Page<T> {
    /// The rows, in the list's order.
    pub rows: Vec<T>,
    /// The cursor of the next page, when there is one.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// Cuts rows read one past `size` (so as to know of a next page) into
    /// a page whose cursor is the key of its last row.
    pub fn cut(mut rows: Vec<T>, size: usize, key: impl Fn(&T) -> Cursor) -> Page<T> {
        let more = rows.len() > size;
        rows.truncate(size);
        let next = if more {
            rows.last().map(|r| key(r).to_string())
        } else {
            None
        };
        Page { rows, next }
    }
}

/// Asking for the next page of a list that has no other filter.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct PageQuery {
    /// The cursor of the page to show (from the previous page's `next`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after: Option<String>,
}

/// Where a page starts: after the row with this sort key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Cursor {
    /// The first part of the key: a time or a deadline.
    pub at: i64,
    /// What breaks ties: an id or a number.
    pub id: String,
}

impl Cursor {
    /// A cursor of a row.
    pub fn new(at: i64, id: &str) -> Cursor {
        Cursor { at, id: id.to_owned() }
    }

    /// Reads a cursor as a page wrote it; `None` for anything else.
    pub fn parse(text: &str) -> Option<Cursor> {
        let (at, id) = text.split_once(':')?;
        Some(Cursor::new(at.parse().ok()?, id))
    }
}

impl std::fmt::Display for Cursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.at, self.id)
    }
}

#[cfg(test)]
mod tests {
    use super::{Cursor, Page};

    #[test]
    fn a_page_is_cut_one_past_its_size_and_its_cursor_reads_back() {
        let page = Page::cut(vec![5, 4, 3], 2, |n| Cursor::new(*n, &format!("L-{n}:x")));
        assert_eq!(page.rows, vec![5, 4]);
        assert_eq!(page.next.as_deref(), Some("4:L-4:x"));
        assert_eq!(
            Cursor::parse("4:L-4:x"),
            Some(Cursor::new(4, "L-4:x")),
            "an id may hold a colon"
        );
        let last = Page::cut(vec![2, 1], 2, |n| Cursor::new(*n, "x"));
        assert_eq!(last.next, None, "no row past the page: no next page");
        for bad in ["", "4", "x:1", ":a"] {
            assert_eq!(Cursor::parse(bad), None, "{bad:?}");
        }
    }
}
