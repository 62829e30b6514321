//! Sorting in Vietnamese alphabet order.
//!
//! A code-point sort puts `Đồng Tháp` after `Vĩnh Long` and `Ă` after `Z`;
//! officers expect the order of the Vietnamese alphabet
//! (a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y), with the tone
//! as a smaller difference. This is a small table-driven collator in the
//! manner of the Unicode Collation Algorithm, with four levels compared in
//! turn over the whole string:
//!
//! 1. **letter**: the Vietnamese alphabet, case-folded, with the foreign
//!    letters f j w z in their Latin places; `ă â ê ô ơ ư đ` are letters of
//!    their own. Before letters come, in this order: spaces, punctuation and
//!    symbols (by code point), then runs of digits compared by numeric value
//!    (`Xã 2` before `Xã 10`). Letters of other scripts come after `z`, by
//!    code point.
//! 2. **tone**: none, huyền (`à`), hỏi (`ả`), ngã (`ã`), sắc (`á`), nặng (`ạ`),
//!    the conventional dictionary order (and CLDR's). Marks that are not
//!    Vietnamese (`ü`, `ç`) also count here, after the tones.
//! 3. **case**: lowercase before uppercase.
//! 4. **identity**: the NFC text itself, so that different strings never
//!    compare equal and NFC and NFD forms of one string always do.
//!
//! `Ð` (U+00D0, Icelandic eth) sorts as `Đ`: text converted from the
//! Windows-1258 code page with the wrong table carries it in place of `Đ`.
//!
//! Why not ICU4X's `icu_collator`, which has CLDR's Vietnamese rules: it was
//! tried (2.4). It sorts correctly and offers sort keys, but it brings 29
//! crates and turns on more `syn` features, so 27 crates already built for
//! thidua are rebuilt as well: adding it cost 58 s of wall time (74 s of CPU)
//! on a dev build of this crate on the two-core machine, paid again by every
//! clean build and again for release, plus about 1.3 MiB of collation data in
//! the binary, to sort Vietnamese names only. The order produced here was
//! checked against `icu_collator` for locale `vi` on a list of tricky words,
//! kept as a test (`tests/text_collate.rs`). The one deliberate difference:
//! ICU sorts `Ð` (U+00D0) as a variant of `d`, this collator as `đ`.

use std::cmp::Ordering;

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Letters in collation order; the index is the primary weight.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

/// Primary classes, in the order they sort.
const CLASS_SPACE: u8 = 1;
const CLASS_SYMBOL: u8 = 2;
const CLASS_DIGITS: u8 = 3;
const CLASS_LATIN: u8 = 4;
const CLASS_OTHER_LETTER: u8 = 5;

/// Separates the levels in a sort key; every weight byte is above it.
const LEVEL_SEPARATOR: u8 = 0;

/// Tone weights (level 2), in dictionary order; 1 is "no tone".
fn tone_weight(mark: char) -> Option<u8> {
    match mark {
        '\u{300}' => Some(2), // huyền
        '\u{309}' => Some(3), // hỏi
        '\u{303}' => Some(4), // ngã
        '\u{301}' => Some(5), // sắc
        '\u{323}' => Some(6), // nặng
        _ => None,
    }
}

/// The Vietnamese letter made by a base letter and a modifier mark
/// (breve, circumflex, horn): these make a new letter at level 1.
fn modified_letter(base: char, mark: char) -> Option<char> {
    match (base, mark) {
        ('a', '\u{306}') => Some('ă'),
        ('a', '\u{302}') => Some('â'),
        ('e', '\u{302}') => Some('ê'),
        ('o', '\u{302}') => Some('ô'),
        ('o', '\u{31B}') => Some('ơ'),
        ('u', '\u{31B}') => Some('ư'),
        _ => None,
    }
}

fn alphabet_index(c: char) -> Option<u32> {
    ALPHABET.iter().position(|&a| a == c).map(|i| i as u32)
}

/// One collation element: a level-1 class and weight, a tone, a weight for
/// other marks, and a case.
struct Element {
    class: u8,
    weight: u32,
    digits: Vec<u8>,
    tone: u8,
    other_marks: u8,
    upper: bool,
}

impl Element {
    fn new(class: u8, weight: u32, upper: bool) -> Self {
        Element {
            class,
            weight,
            digits: Vec::new(),
            tone: 1,
            other_marks: 1,
            upper,
        }
    }

    /// Adds a combining mark that follows this element's base character.
    fn add_mark(&mut self, mark: char) {
        if self.class == CLASS_LATIN {
            if let Some(letter) = ALPHABET
                .get(self.weight as usize)
                .and_then(|&base| modified_letter(base, mark))
                .and_then(alphabet_index)
            {
                self.weight = letter;
                return;
            }
            if self.tone == 1
                && let Some(t) = tone_weight(mark)
            {
                self.tone = t;
                return;
            }
        }
        // Any other mark: a level-2 difference after the tones. Folding the
        // code points keeps it deterministic; exact ties are broken at level 4.
        let folded = (u32::from(self.other_marks) * 31 + u32::from(mark)) % 250;
        self.other_marks = 2 + folded as u8;
    }

    fn write_primary(&self, key: &mut Vec<u8>) {
        key.push(self.class);
        if self.class == CLASS_DIGITS {
            // Length first, so that longer numbers sort after shorter ones.
            key.push(
                u8::try_from(self.digits.len())
                    .unwrap_or(u8::MAX)
                    .clamp(1, 254)
                    + 1,
            );
            key.extend_from_slice(&self.digits);
        } else {
            // 21 bits in three 7-bit groups, each +1 to stay above the separator.
            key.push(((self.weight >> 14) & 0x7F) as u8 + 1);
            key.push(((self.weight >> 7) & 0x7F) as u8 + 1);
            key.push((self.weight & 0x7F) as u8 + 1);
        }
    }
}

fn elements(s: &str) -> Vec<Element> {
    let mut out: Vec<Element> = Vec::with_capacity(s.len());
    let mut chars = s.nfd().peekable();
    while let Some(c) = chars.next() {
        if is_combining_mark(c) {
            // A mark with no base character before it only shows at level 4.
            if let Some(last) = out.last_mut() {
                last.add_mark(c);
            }
            continue;
        }
        if c.is_ascii_digit() {
            let mut e = Element::new(CLASS_DIGITS, 0, false);
            let mut run = vec![c as u8];
            while let Some(&d) = chars.peek() {
                if !d.is_ascii_digit() {
                    break;
                }
                run.push(d as u8);
                chars.next();
            }
            // Leading zeros do not change the value: `007` sorts as `7`.
            let first = run.iter().position(|&b| b != b'0').unwrap_or(run.len() - 1);
            e.digits = run.split_off(first);
            out.push(e);
            continue;
        }
        let upper = c.is_uppercase();
        let element = match c {
            'đ' | 'Đ' | 'Ð' => alphabet_index('đ').map(|w| Element::new(CLASS_LATIN, w, upper)),
            c if c.is_ascii_alphabetic() => {
                alphabet_index(c.to_ascii_lowercase()).map(|w| Element::new(CLASS_LATIN, w, upper))
            }
            _ => None,
        };
        let element = element.unwrap_or_else(|| {
            if c.is_whitespace() {
                Element::new(CLASS_SPACE, 0, false)
            } else if c.is_alphabetic() {
                let lower = c.to_lowercase().next().unwrap_or(c);
                Element::new(CLASS_OTHER_LETTER, u32::from(lower), upper)
            } else {
                Element::new(CLASS_SYMBOL, u32::from(c), upper)
            }
        });
        out.push(element);
    }
    out
}

/// A byte string whose bytewise order is the Vietnamese order of the text:
/// `sort_key(a).cmp(&sort_key(b)) == compare(a, b)`. Compute it once per item
/// when sorting many (`sort_by_cached_key`).
pub fn sort_key(s: &str) -> Vec<u8> {
    let elements = elements(s);
    let mut key = Vec::with_capacity(elements.len() * 7 + s.len() + 3);
    for e in &elements {
        e.write_primary(&mut key);
    }
    key.push(LEVEL_SEPARATOR);
    for e in &elements {
        key.push(e.tone);
        key.push(e.other_marks);
    }
    key.push(LEVEL_SEPARATOR);
    for e in &elements {
        key.push(if e.upper { 2 } else { 1 });
    }
    key.push(LEVEL_SEPARATOR);
    key.extend(s.nfc().collect::<String>().bytes());
    key
}

/// Vietnamese order of two texts (see the module documentation).
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// Sorts `items` in Vietnamese order of the text `name` gives for each.
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str) {
    items.sort_by_cached_key(|item| sort_key(name(item)));
}
