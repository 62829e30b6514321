//! Accent- and case-free search, the way officers type: without diacritics
//! (`dong thap`), in capitals (`ĐỒNG THÁP`), by initials (`dt`, `hg`) or by
//! a province's code.
//!
//! Both sides are folded with [`fold`] (diacritics dropped, `đ` → `d`,
//! lowercase, spaces collapsed) before comparing, so NFC and NFD input match
//! alike. A match gets a rank, lower being better; lists are ordered by rank
//! and then in Vietnamese order ([`crate::text::collate`]).

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

use crate::text::collate::sort_key;

/// The query equals the item's code (`DT`).
pub const RANK_CODE: u8 = 0;
/// The query is the whole name (`dong thap`).
pub const RANK_NAME: u8 = 1;
/// The name starts with the query (`hau` → Hậu Giang).
pub const RANK_NAME_PREFIX: u8 = 2;
/// The query is the initials of the name's words (`dt` → Đồng Tháp).
pub const RANK_INITIALS: u8 = 3;
/// Every word of the query starts a word of the name (`giang`, `thap dong`).
pub const RANK_WORDS: u8 = 4;
/// The code starts with the query.
pub const RANK_CODE_PREFIX: u8 = 5;
/// The initials start with the query (`tsp` → Tổng sản phẩm …).
pub const RANK_INITIALS_PREFIX: u8 = 6;
/// The query occurs inside the name or the code, spaces ignored.
pub const RANK_SUBSTRING: u8 = 7;

/// `s` without diacritics, with `đ`/`Đ` as `d`, in lowercase, with runs of
/// whitespace as one space and no space at either end. NFC and NFD input
/// give the same result.
///
/// `Ð` (U+00D0) folds to `d` as well: it stands for `Đ` in text converted
/// with the wrong Windows-1258 table.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.nfd() {
        if c.is_whitespace() {
            pending_space = !out.is_empty();
            continue;
        }
        if is_combining_mark(c) || c.is_control() {
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match c {
            'đ' | 'Đ' | 'Ð' => out.push('d'),
            c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
            c => out.extend(c.to_lowercase().filter(|&l| !is_combining_mark(l))),
        }
    }
    out
}

/// A query folded once, to be matched against many items.
struct Query {
    folded: String,
    compact: String,
    words: Vec<String>,
}

impl Query {
    fn new(query: &str) -> Self {
        let folded = fold(query);
        let compact = folded.replace(' ', "");
        let words = folded
            .split(' ')
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        Query {
            folded,
            compact,
            words,
        }
    }

    fn is_empty(&self) -> bool {
        self.folded.is_empty()
    }

    fn rank(&self, name: &str, code: &str) -> Option<u8> {
        if self.is_empty() {
            return Some(RANK_CODE);
        }
        let q = self.folded.as_str();
        let code = fold(code);
        if code == q {
            return Some(RANK_CODE);
        }
        let name = fold(name);
        if name == q {
            return Some(RANK_NAME);
        }
        if name.starts_with(q) {
            return Some(RANK_NAME_PREFIX);
        }
        let name_words: Vec<&str> = name
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let initials: String = name_words.iter().filter_map(|w| w.chars().next()).collect();
        let one_word = self.words.len() == 1;
        if one_word && initials == q {
            return Some(RANK_INITIALS);
        }
        if self.words_start_name_words(&name_words) {
            return Some(RANK_WORDS);
        }
        if code.starts_with(q) {
            return Some(RANK_CODE_PREFIX);
        }
        if one_word && initials.starts_with(q) {
            return Some(RANK_INITIALS_PREFIX);
        }
        let name_compact = name.replace(' ', "");
        if name_compact.contains(&self.compact) || code.contains(&self.compact) {
            return Some(RANK_SUBSTRING);
        }
        None
    }

    /// True when each query word starts a different word of the name.
    fn words_start_name_words(&self, name_words: &[&str]) -> bool {
        let mut used = vec![false; name_words.len()];
        self.words.iter().all(|qw| {
            let found = name_words.iter().enumerate().find(|(i, w)| {
                !used.get(*i).copied().unwrap_or(true) && w.starts_with(qw.as_str())
            });
            match found {
                Some((i, _)) => {
                    if let Some(u) = used.get_mut(i) {
                        *u = true;
                    }
                    true
                }
                None => false,
            }
        })
    }
}

/// How well `query` finds an item with this `name` and `code`: `None` when it
/// does not, otherwise one of the `RANK_*` values, lower being better. An
/// empty query matches everything with [`RANK_CODE`].
pub fn match_rank(query: &str, name: &str, code: &str) -> Option<u8> {
    Query::new(query).rank(name, code)
}

/// The items that `query` finds, best matches first and in Vietnamese order
/// within one rank; an empty query gives every item in Vietnamese order.
pub fn filter<'a, T>(
    query: &str,
    items: &'a [T],
    name: impl Fn(&T) -> &str,
    code: impl Fn(&T) -> &str,
) -> Vec<&'a T> {
    let query = Query::new(query);
    let mut hits: Vec<(u8, Vec<u8>, usize, &'a T)> = items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let rank = query.rank(name(item), code(item))?;
            Some((rank, sort_key(name(item)), i, item))
        })
        .collect();
    hits.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    hits.into_iter().map(|(_, _, _, item)| item).collect()
}
