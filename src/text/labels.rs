//! Short labels that stay apart: names cut to a column width so that two
//! names sharing a long beginning do not end up as the same label.
//!
//! The report names items as a base and its variants ("Kim ngạch xuất khẩu",
//! "Kim ngạch xuất khẩu đạt % kế hoạch"); cut to 16 columns both read
//! "Kim ngạch xuất…". A variant whose cut label collides with another is
//! shown by what it adds after the words they share: "…đạt % kế hoạch". The
//! base keeps its own beginning. Nothing changes for names that fit or whose
//! cut labels already differ.

use super::width::{ELLIPSIS, cut, width};

/// Each of `names` as a label of at most `max` columns (see the module).
pub fn distinct_cuts(names: &[&str], max: usize) -> Vec<String> {
    let plain: Vec<String> = names.iter().map(|n| cut(n, max)).collect();
    names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let colliding: Vec<&str> = names
                .iter()
                .enumerate()
                .filter(|&(j, other)| j != i && plain[j] == plain[i] && other != name)
                .map(|(_, other)| *other)
                .collect();
            // The base of a variant keeps its own beginning.
            let is_base = colliding.iter().any(|o| continues(o, name));
            let shared = colliding
                .iter()
                .map(|o| shared_words(name, o))
                .max()
                .unwrap_or(0);
            let rest = name.get(shared..).unwrap_or_default().trim_start();
            if is_base || shared == 0 || rest.is_empty() || width(name) <= max {
                plain[i].clone()
            } else {
                cut(&format!("{ELLIPSIS}{rest}"), max)
            }
        })
        .collect()
}

/// Bytes of the whole words `a` and `b` begin with alike (up to and
/// including the space after the last shared word).
fn shared_words(a: &str, b: &str) -> usize {
    let mut end = 0;
    for ((i, ca), cb) in a.char_indices().zip(b.chars()) {
        if ca != cb {
            break;
        }
        if ca == ' ' {
            end = i + 1;
        }
    }
    // A whole `b` that `a` continues with a space is shared too.
    if continues(a, b) {
        end = b.len() + 1;
    }
    end
}

/// Whether `longer` is `base` followed by more words.
fn continues(longer: &str, base: &str) -> bool {
    longer.len() > base.len() && longer.starts_with(base) && longer[base.len()..].starts_with(' ')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variant_is_told_by_what_it_adds() {
        let names = [
            "Kim ngạch xuất khẩu",
            "Kim ngạch xuất khẩu đạt % kế hoạch",
            "Tổng thu ngân sách",
        ];
        assert_eq!(
            distinct_cuts(&names, 16),
            ["Kim ngạch xuất…", "…đạt % kế hoạch", "Tổng thu ngân s…"]
        );
    }

    #[test]
    fn variants_of_one_base_and_siblings() {
        let names = [
            "xã được công nhận đạt chuẩn nông thôn mới",
            "tổng số xã",
            "xã được công nhận đạt chuẩn nông thôn mới (có thêm trong kỳ)",
        ];
        assert_eq!(
            distinct_cuts(&names, 16),
            ["xã được công nh…", "tổng số xã", "…(có thêm trong…"]
        );
        // Two variants differing only late: each shows its own ending.
        let names = [
            "Số hộ nghèo giảm huyện Đông Hải",
            "Số hộ nghèo giảm huyện Hòa Bình",
        ];
        assert_eq!(distinct_cuts(&names, 10), ["…Đông Hải", "…Hòa Bình"]);
    }

    #[test]
    fn names_that_fit_or_already_differ_are_left_alone() {
        let names = ["An Giang", "Tổng thu ngân sách", "Kim ngạch xuất khẩu"];
        assert_eq!(
            distinct_cuts(&names, 12),
            ["An Giang", "Tổng thu ng…", "Kim ngạch x…"]
        );
        assert_eq!(distinct_cuts(&[], 10), Vec::<String>::new());
        // The same name twice stays the same label.
        assert_eq!(distinct_cuts(&["Giải A", "Giải A"], 3), ["Gi…", "Gi…"]);
    }

    #[test]
    fn labels_never_exceed_the_width() {
        let names = [
            "Kim ngạch xuất khẩu",
            "Kim ngạch xuất khẩu đạt % kế hoạch",
            "Kim ngạch xuất khẩu sang thị trường châu Âu",
        ];
        for max in 0..40 {
            for label in distinct_cuts(&names, max) {
                assert!(width(&label) <= max, "{label:?} wider than {max}");
            }
        }
    }
}
