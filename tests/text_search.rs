//! Accent-free search over the provinces of the cluster.

use thidua::text::search::{
    RANK_CODE, RANK_CODE_PREFIX, RANK_INITIALS, RANK_INITIALS_PREFIX, RANK_NAME, RANK_NAME_PREFIX,
    RANK_SUBSTRING, RANK_WORDS, filter, fold, match_rank,
};

const PROVINCES: &str = include_str!("../data/provinces.csv");

struct Province {
    code: String,
    name: String,
}

fn provinces() -> Vec<Province> {
    PROVINCES
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(','))
        .map(|(code, name)| Province {
            code: code.trim().to_owned(),
            name: name.trim().to_owned(),
        })
        .collect()
}

fn find(query: &str) -> Vec<String> {
    let items = provinces();
    filter(query, &items, |p| &p.name, |p| &p.code)
        .into_iter()
        .map(|p| p.name.clone())
        .collect()
}

#[test]
fn fold_drops_marks_and_case() {
    assert_eq!(fold("Đồng Tháp"), "dong thap");
    assert_eq!(fold("ĐỒNG THÁP"), "dong thap");
    assert_eq!(fold("Đo\u{302}\u{300}ng  Tha\u{301}p "), "dong thap");
    assert_eq!(
        fold("Cụm thi đua các tỉnh Tây Nam bộ"),
        "cum thi dua cac tinh tay nam bo"
    );
    assert_eq!(fold("Ươ Ừ ỹ Ðà"), "uo u y da");
    assert_eq!(fold(""), "");
}

#[test]
fn queries_find_the_right_province_first() {
    let cases = [
        ("dong thap", "Đồng Tháp"),
        ("ĐỒNG THÁP", "Đồng Tháp"),
        ("Đồng Tháp", "Đồng Tháp"),
        ("Đo\u{302}\u{300}ng Tha\u{301}p", "Đồng Tháp"),
        ("dt", "Đồng Tháp"),
        ("DT", "Đồng Tháp"),
        ("hg", "Hậu Giang"),
        ("hau", "Hậu Giang"),
        ("Ha\u{323}\u{302}u", "Hậu Giang"),
        ("kien giang", "Kiên Giang"),
        ("soc", "Sóc Trăng"),
        ("thap", "Đồng Tháp"),
        ("vinh long", "Vĩnh Long"),
        ("dongthap", "Đồng Tháp"),
    ];
    for (query, expected) in cases {
        let found = find(query);
        assert_eq!(
            found.first().map(String::as_str),
            Some(expected),
            "query {query:?}: {found:?}"
        );
    }
}

#[test]
fn results_are_ordered_by_rank_then_alphabet() {
    assert_eq!(
        find("giang"),
        ["An Giang", "Hậu Giang", "Kiên Giang", "Tiền Giang"]
    );
    // "an": An Giang by name, Long An by word, then "an" inside a word.
    assert_eq!(
        find("an"),
        [
            "An Giang",
            "Long An",
            "Hậu Giang",
            "Kiên Giang",
            "Sóc Trăng",
            "Tiền Giang"
        ]
    );
    // "t": names starting with T, then names with a word starting with T.
    assert_eq!(
        find("t"),
        [
            "Tiền Giang",
            "Trà Vinh",
            "Bến Tre",
            "Đồng Tháp",
            "Sóc Trăng"
        ]
    );
    assert_eq!(find("long"), ["Long An", "Vĩnh Long"]);
    assert!(find("xyz").is_empty());
}

#[test]
fn empty_query_gives_all_in_vietnamese_order() {
    let all = find("  ");
    assert_eq!(all.len(), 12);
    assert_eq!(all.get(3).map(String::as_str), Some("Cà Mau"));
    assert_eq!(all.get(4).map(String::as_str), Some("Đồng Tháp"));
    assert_eq!(all.last().map(String::as_str), Some("Vĩnh Long"));
}

#[test]
fn ranks() {
    assert_eq!(match_rank("dt", "Đồng Tháp", "DT"), Some(RANK_CODE));
    assert_eq!(match_rank("dong thap", "Đồng Tháp", "DT"), Some(RANK_NAME));
    assert_eq!(
        match_rank("dong", "Đồng Tháp", "DT"),
        Some(RANK_NAME_PREFIX)
    );
    assert_eq!(match_rank("dt", "Đồng Tháp", ""), Some(RANK_INITIALS));
    assert_eq!(match_rank("thap", "Đồng Tháp", "DT"), Some(RANK_WORDS));
    assert_eq!(match_rank("thap do", "Đồng Tháp", "DT"), Some(RANK_WORDS));
    assert_eq!(
        match_rank("grd", "Tốc độ tăng trưởng", "GRDP_GROWTH"),
        Some(RANK_CODE_PREFIX)
    );
    assert_eq!(
        match_rank("tsp", "Tổng sản phẩm trên địa bàn", "GRDP"),
        Some(RANK_INITIALS_PREFIX)
    );
    assert_eq!(
        match_rank("ong th", "Đồng Tháp", "DT"),
        Some(RANK_SUBSTRING)
    );
    assert_eq!(match_rank("hap", "Đồng Tháp", "DT"), Some(RANK_SUBSTRING));
    assert_eq!(match_rank("dx", "Đồng Tháp", "DT"), None);
    assert_eq!(match_rank("", "Đồng Tháp", "DT"), Some(RANK_CODE));
}
