//! The covenant files through the reader and writer: export → import →
//! export byte for byte; every bad field named by file, line and column,
//! and nothing taken from a bad set of files; the dry run's lines.

use std::path::Path;

use thidua::io::covenant::{self, FileError, Files};
use thidua::model::covenant::Covenant;

fn dir(name: &str) -> Files {
    covenant::read_dir(&Path::new(env!("CARGO_MANIFEST_DIR")).join(name)).expect("files")
}

fn import(current: &Covenant, files: &Files) -> Result<covenant::Imported, Vec<String>> {
    covenant::import(current, files).map_err(|e| e.iter().map(FileError::to_string).collect())
}

fn built_in() -> Covenant {
    import(&Covenant::default(), &dir("data/cluster"))
        .expect("built-in")
        .covenant
}

fn text(files: &Files) -> Vec<String> {
    [
        &files.units,
        &files.members,
        &files.indicators,
        &files.years,
    ]
    .iter()
    .map(|b| String::from_utf8(b.to_vec()).expect("utf8"))
    .collect()
}

/// `files` with one file's text replaced.
fn with(files: &Files, name: &str, content: &str) -> Files {
    let mut f = files.clone();
    let bytes = content.as_bytes().to_vec();
    match name {
        "units.csv" => f.units = bytes,
        "members.csv" => f.members = bytes,
        "indicators.csv" => f.indicators = bytes,
        "years.csv" => f.years = bytes,
        _ => panic!("{name}"),
    }
    f
}

fn errors_of(files: &Files) -> Vec<String> {
    import(&Covenant::default(), files).expect_err("refused")
}

#[test]
fn export_import_export_is_byte_identical() {
    // The built-in cluster with the 2026 example imported on top of it.
    let both = import(&built_in(), &dir("docs/examples/covenant-2026"))
        .expect("example")
        .covenant;
    assert_eq!(both.years.keys().copied().collect::<Vec<_>>(), [2021, 2026]);
    let first = covenant::as_files(&covenant::export(&both, None).expect("export"));
    let fresh = import(&Covenant::default(), &first)
        .expect("reimport")
        .covenant;
    assert_eq!(fresh, both);
    let second = covenant::as_files(&covenant::export(&fresh, None).expect("export"));
    assert_eq!(text(&first), text(&second));
    for t in text(&first) {
        assert!(t.starts_with('\u{feff}'), "a BOM for Excel");
        assert!(!t.contains('\r'));
    }
    // One year only: every unit, that year's rows.
    let one = covenant::as_files(&covenant::export(&both, Some(2026)).expect("export 2026"));
    let t = text(&one);
    assert!(
        t[1].lines().skip(1).all(|l| l.starts_with("2026,")),
        "{}",
        t[1]
    );
    assert_eq!(t[0], text(&first)[0]);
    assert!(covenant::export(&both, Some(2030)).is_err());
}

#[test]
fn the_example_is_accepted_and_its_scale_adds_up_to_100() {
    let c = import(&Covenant::default(), &dir("docs/examples/covenant-2026"))
        .expect("example")
        .covenant;
    let y = c.year(2026).expect("2026");
    assert!(y.cluster_name.contains("ví dụ"), "marked as an example");
    let members: Vec<&str> = y.member_codes();
    assert_eq!(members, ["AG", "CM", "DT", "VL", "CT"]);
    assert_eq!(y.scale_total, Some(100.into()));
    // The files are in the canonical form.
    let again = covenant::as_files(&covenant::export(&c, None).expect("export"));
    assert_eq!(text(&again), text(&dir("docs/examples/covenant-2026")));
}

#[test]
fn every_bad_field_is_named_by_file_line_and_column() {
    let good = dir("docs/examples/covenant-2026");
    let units = String::from_utf8(good.units.clone()).expect("utf8")
        + "XX,Tỉnh Mới,huyện,2025-13-01,,\n"
        + "kg,Kiên Giang,tỉnh,01/07/2025,,\n";
    let members = String::from_utf8(good.members.clone()).expect("utf8")
        + "2026,AG,member,\n"
        + "2026,ZZ,boss,\n";
    let errors = errors_of(&with(
        &with(&good, "units.csv", &units),
        "members.csv",
        &members,
    ));
    assert_eq!(
        errors,
        [
            "units.csv, dòng 22, cột kind: «huyện» không phải loại đơn vị: dùng tỉnh hoặc thành phố",
            "units.csv, dòng 22, cột valid_from: «2025-13-01» không phải ngày dạng YYYY-MM-DD (ví dụ 2025-07-01); nếu Excel đã đổi dạng ngày, định dạng cột là Text rồi gõ lại",
            "units.csv, dòng 23, cột code: «kg» không phải mã hợp lệ (mã gồm chữ in hoa không dấu, chữ số và dấu _, bắt đầu bằng chữ, tối đa 40 ký tự (ví dụ AG, GRDP_GROWTH))",
            "units.csv, dòng 23, cột valid_from: «01/07/2025» không phải ngày dạng YYYY-MM-DD (ví dụ 2025-07-01); nếu Excel đã đổi dạng ngày, định dạng cột là Text rồi gõ lại",
            "members.csv, dòng 7, cột unit_code: «AG» đã là thành viên năm 2026 ở dòng 2; mỗi đơn vị một dòng mỗi năm",
            "members.csv, dòng 8, cột role: «boss» không phải vai trò: dùng member, chair hoặc vice_chair",
        ]
    );
}

#[test]
fn criteria_that_break_the_rules_are_refused_naming_the_criterion_and_line() {
    let good = dir("docs/examples/covenant-2026");
    let original = String::from_utf8(good.indicators.clone()).expect("utf8");
    // EXPORT (line 5) counted with decimals, a wrong method; a second row
    // for GRDP_GROWTH in another group.
    let broken = original
        .replace(
            "2026,EXPORT,Kim ngạch xuất khẩu,triệu USD,economy,Kinh tế,4,higher_better,sum,1,0,,false,true,KT,15,ratio",
            "2026,EXPORT,Kim ngạch xuất khẩu,triệu USD,economy,Kinh tế,4,higher_better,sum,1,0,,true,true,KT,15,score",
        )
        + "2026,GRDP_GROWTH,Tăng trưởng,%,new_rural,Nông thôn mới,9,higher_better,mean,2,,,false,true,NTM,5,rank,,,,,,,,2,\n";
    assert_ne!(broken, original);
    let errors = errors_of(&with(&good, "indicators.csv", &broken));
    assert_eq!(
        errors,
        [
            "indicators.csv, dòng 5, cột method: «score» không phải cách chấm: dùng none, target, ratio, rank, pass, count, manual, bonus, penalty",
            "indicators.csv, dòng 16, cột code: chỉ tiêu «GRDP_GROWTH» nằm trong hai nhóm năm 2026: «KT» (dòng 3) và «NTM»; mỗi chỉ tiêu một dòng mỗi năm",
        ]
    );
    // Once the cells read, the model's rules: counted with decimals.
    let counted = original.replace(
        "2026,EXPORT,Kim ngạch xuất khẩu,triệu USD,economy,Kinh tế,4,higher_better,sum,1,0,,false",
        "2026,EXPORT,Kim ngạch xuất khẩu,triệu USD,economy,Kinh tế,4,higher_better,sum,1,0,,true",
    );
    assert_eq!(
        errors_of(&with(&good, "indicators.csv", &counted)),
        [
            "indicators.csv, dòng 5, cột decimals: chỉ tiêu «EXPORT» (Kim ngạch xuất khẩu): đếm bằng số nguyên (counted) nên số chữ số thập phân phải là 0"
        ]
    );
}

#[test]
fn a_scale_whose_maxima_do_not_add_up_is_refused_with_its_lines() {
    let good = dir("docs/examples/covenant-2026");
    let indicators = String::from_utf8(good.indicators.clone())
        .expect("utf8")
        .replace(",KT,15,ratio,", ",KT,10,ratio,");
    let errors = errors_of(&with(&good, "indicators.csv", &indicators));
    assert_eq!(
        errors,
        [
            "indicators.csv, dòng 2, cột max_points: chỉ tiêu «KT» (Phát triển kinh tế): điểm tối đa 45 khác tổng điểm các chỉ tiêu con GRDP_GROWTH 15 + BUDGET_REV 15 + EXPORT 10 = 40",
        ]
    );
    let years = String::from_utf8(good.years.clone())
        .expect("utf8")
        .replace(",100\n", ",1000\n");
    assert_eq!(
        errors_of(&with(&good, "years.csv", &years)),
        [
            "years.csv, dòng 2, cột scale_total: năm 2026: tổng điểm tối đa các chỉ tiêu cấp trên cùng KT 45 + NTM 25 + TD 30 = 100 khác tổng điểm thang đã khai báo 1000"
        ]
    );
}

#[test]
fn headers_missing_files_and_unknown_columns_are_told() {
    let good = dir("docs/examples/covenant-2026");
    let errors = errors_of(&with(
        &good,
        "years.csv",
        "year,cluster,scale_total\n2026,Cụm,100\n",
    ));
    assert_eq!(
        errors,
        [
            "years.csv, dòng 1, cột cluster: cột «cluster» không thuộc tệp years.csv; các cột: year,cluster_name,scale_total",
            "years.csv, dòng 1, cột cluster_name: thiếu cột «cluster_name»; tiêu đề cần có ít nhất: year,cluster_name",
        ]
    );
    let errors = errors_of(&with(&good, "years.csv", ""));
    assert_eq!(errors, ["years.csv, dòng 1: tệp rỗng, thiếu dòng tiêu đề"]);
    let empty = tempfile::tempdir().expect("tempdir");
    let missing = covenant::read_dir(empty.path()).expect_err("no files");
    assert_eq!(missing.len(), 4);
    assert!(
        missing[0]
            .to_string()
            .starts_with("units.csv: không đọc được tệp"),
        "{}",
        missing[0]
    );
    // A year without settings.
    let members = String::from_utf8(good.members.clone()).expect("utf8") + "2027,AG,member,\n";
    assert_eq!(
        errors_of(&with(&good, "members.csv", &members)),
        [
            "members.csv, dòng 7, cột year: năm 2027 không có trong years.csv (tên cụm, tổng điểm thang của năm)"
        ]
    );
}

#[test]
fn the_minimal_columns_of_the_issue_read_with_groups_in_file_order() {
    let good = dir("docs/examples/covenant-2026");
    let indicators = "year,code,name,unit,group,group_name,order,direction,rule,decimals,min,max,counted,in_covenant\r\n\
        2026,EXPORT,Kim ngạch xuất khẩu,triệu USD,trade,Xuất khẩu,1,higher_better,sum,1,0,,false,true\r\n\
        2026,BUDGET_REV,Tổng thu ngân sách,tỷ đồng,budget,Ngân sách,1,higher_better,sum,0,0,,false,true\r\n";
    let years = "year,cluster_name\n2026,Cụm thử\n";
    let c = import(
        &Covenant::default(),
        &with(
            &with(&good, "indicators.csv", indicators),
            "years.csv",
            years,
        ),
    )
    .expect("minimal files")
    .covenant;
    let y = c.year(2026).expect("2026");
    let codes: Vec<(&str, u32)> = y
        .criteria
        .iter()
        .map(|c| (c.code.as_str(), c.group_order))
        .collect();
    assert_eq!(codes, [("EXPORT", 1), ("BUDGET_REV", 2)]);
    assert_eq!(y.scale_total, None);
}

#[test]
fn text_is_normalised_and_stripped_of_control_characters() {
    let good = dir("docs/examples/covenant-2026");
    // "Kiên Giang" decomposed (NFD), with an escape sequence and a tab.
    let nfd = "Kie\u{302}n Giang\u{1b}[31m\tmới";
    let units = String::from_utf8(good.units.clone())
        .expect("utf8")
        .replace("KG,Kiên Giang,", &format!("KG,\"{nfd}\","));
    let c = import(&Covenant::default(), &with(&good, "units.csv", &units))
        .expect("read")
        .covenant;
    let kg = c.units.unit("KG").expect("KG");
    assert_eq!(kg.versions[0].name, "Kiên Giang mới");
}

#[test]
fn the_dry_run_says_what_would_change() {
    let base = built_in();
    let example = dir("docs/examples/covenant-2026");
    let first = import(&base, &example).expect("example");
    assert_eq!(
        first.changes,
        ["Thêm giao ước năm 2026: 5 thành viên, 14 chỉ tiêu (12 thuộc giao ước, 2 chỉ trích dẫn)."]
    );
    let again = import(&first.covenant, &example).expect("again");
    assert_eq!(again.changes, ["Không có thay đổi."]);
    let indicators = String::from_utf8(example.indicators.clone())
        .expect("utf8")
        .replace("Kim ngạch xuất khẩu,triệu USD", "Xuất khẩu hàng hóa,tỷ USD");
    let members = String::from_utf8(example.members.clone())
        .expect("utf8")
        .replace("2026,VL,member,", "2026,VL,vice_chair,");
    let changed = with(
        &with(&example, "indicators.csv", &indicators),
        "members.csv",
        &members,
    );
    let c = import(&first.covenant, &changed).expect("changed");
    assert_eq!(
        c.changes,
        [
            "Năm 2026, thành viên «VL» (Vĩnh Long): vai trò thành viên → cụm phó.",
            "Năm 2026, chỉ tiêu «EXPORT»: tên «Kim ngạch xuất khẩu» → «Xuất khẩu hàng hóa»; đơn vị tính «triệu USD» → «tỷ USD».",
        ]
    );
}

#[test]
fn the_dry_run_names_unit_versions_added_and_removed() {
    let base = built_in();
    let example = dir("docs/examples/covenant-2026");
    let units = String::from_utf8(example.units.clone())
        .expect("utf8")
        .replace("TN,Tây Ninh,tỉnh,2025-07-01,,LA\n", "")
        + "PQ,Phú Quốc,thành phố,2026-01-01,,\n";
    let c = import(&base, &with(&example, "units.csv", &units)).expect("units");
    assert_eq!(
        c.changes[..2],
        [
            "Đơn vị «TN»: bỏ phiên bản Tây Ninh (tỉnh) từ 01/07/2025, nhận LA.",
            "Thêm đơn vị «PQ»: Phú Quốc (thành phố) từ 01/01/2026.",
        ]
    );
    let from_nothing = import(&Covenant::default(), &dir("data/cluster")).expect("built-in");
    assert_eq!(
        from_nothing.changes[0],
        "Thêm đơn vị «AG»: An Giang (tỉnh) đến 30/06/2025; An Giang (tỉnh) từ 01/07/2025, nhận KG."
    );
}

#[test]
fn an_import_that_would_break_a_stored_year_is_refused() {
    let base = built_in();
    let example = dir("docs/examples/covenant-2026");
    // A unit history without Kiên Giang, which the stored 2021 lists.
    let units: String = String::from_utf8(example.units.clone())
        .expect("utf8")
        .lines()
        .filter(|l| !l.starts_with("KG,"))
        .map(|l| format!("{l}\n"))
        .collect();
    let units = units.replace(",2025-07-01,,KG", ",2025-07-01,,");
    let errors = import(&base, &with(&example, "units.csv", &units)).expect_err("refused");
    assert_eq!(
        errors,
        [
            "giao ước năm 2021 đã lưu (không có trong tệp): năm 2021: không có đơn vị mã «KG» trong units.csv"
        ]
    );
}

#[test]
fn a_new_year_copied_from_another_exports_with_its_rows() {
    let c = import(&Covenant::default(), &dir("docs/examples/covenant-2026"))
        .expect("example")
        .covenant;
    let (copy, notices) = c.copy_year(2026, 2027).expect("copy");
    assert!(notices.is_empty(), "{notices:?}");
    let mut with_2027 = c.clone();
    with_2027.years.insert(2027, copy);
    assert!(with_2027.problems().is_empty());
    let t = text(&covenant::as_files(
        &covenant::export(&with_2027, Some(2027)).expect("export"),
    ));
    assert_eq!(t[2].lines().count(), 15, "header and 14 criteria");
    assert!(
        t[3].contains("2027,\"Cụm thi đua các tỉnh, thành phố Tây Nam bộ (ví dụ)\",100"),
        "{}",
        t[3]
    );
    // From the built-in 2021: the members gone by 2027 are named.
    let (copy, notices) = built_in().copy_year(2021, 2027).expect("copy");
    assert_eq!(copy.member_codes(), ["AG", "CM", "DT", "VL"]);
    assert_eq!(notices.len(), 8);
    assert!(
        notices.contains(&"Bỏ thành viên «ST» (Sóc Trăng) (cụm phó): không tồn tại trong năm 2027; đã nhập vào «CT» (Cần Thơ) từ 01/07/2025, thêm đơn vị này vào members.csv nếu cụm quyết định".to_string()),
        "{notices:?}"
    );
}

#[test]
fn a_directory_written_reads_back_the_same_bytes() {
    let c = built_in();
    let written = covenant::export(&c, None).expect("export");
    let out = tempfile::tempdir().expect("tempdir");
    let target = out.path().join("giao-uoc");
    covenant::write_dir(&target, &written).expect("write");
    // Written again over the same files: replaced whole, nothing left over.
    covenant::write_dir(&target, &written).expect("write again");
    let mut names: Vec<String> = std::fs::read_dir(&target)
        .expect("dir")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["indicators.csv", "members.csv", "units.csv", "years.csv"]
    );
    let back = covenant::read_dir(&target).expect("read");
    assert_eq!(text(&back), text(&covenant::as_files(&written)));
    assert_eq!(text(&back), text(&dir("data/cluster")));
}

/// The example's `units.csv` with its Vĩnh Long and Cần Thơ rows replaced.
fn units_with(rows: &[&str]) -> String {
    let good = dir("docs/examples/covenant-2026");
    let mut text = String::new();
    for l in String::from_utf8(good.units.clone()).expect("utf8").lines() {
        if !(l.starts_with("VL,") || l.starts_with("CT,")) {
            text.push_str(l);
            text.push('\n');
        }
    }
    for r in rows {
        text.push_str(r);
        text.push('\n');
    }
    text
}

#[test]
fn a_merger_under_a_new_name_and_kind_of_three_units_round_trips_and_is_checked() {
    let good = dir("docs/examples/covenant-2026");
    // Vĩnh Long takes in Bến Tre and Trà Vinh; Cần Thơ, a province in
    // this made-up history, becomes a city under a new name as it takes
    // in Sóc Trăng and Hậu Giang.
    let units = units_with(&[
        "VL,Vĩnh Long,tỉnh,,2025-06-30,",
        "VL,Vĩnh Long,tỉnh,2025-07-01,,BT;TV",
        "CT,Cần Thơ,tỉnh,,2025-06-30,",
        "CT,Cần Thơ mới,thành phố,2025-07-01,,ST;HG",
    ]);
    let files = with(&good, "units.csv", &units);
    let c = import(&Covenant::default(), &files)
        .expect("accepted")
        .covenant;
    let ct = c.units.unit("CT").expect("CT");
    assert_eq!(
        ct.describe(),
        "Cần Thơ (tỉnh) đến 30/06/2025; Cần Thơ mới (thành phố) từ 01/07/2025, nhận ST, HG"
    );
    let first = covenant::as_files(&covenant::export(&c, None).expect("export"));
    assert!(
        text(&first)[0].contains("\nCT,Cần Thơ mới,thành phố,2025-07-01,,ST;HG\n"),
        "{}",
        text(&first)[0]
    );
    let again = import(&Covenant::default(), &first)
        .expect("reimport")
        .covenant;
    assert_eq!(again, c);
    let second = covenant::as_files(&covenant::export(&again, None).expect("export"));
    assert_eq!(text(&first), text(&second));
    // Refused, naming the field: a unit taking in itself, a unit taken in
    // that does not exist or does not end the day before, versions that
    // overlap.
    for (rows, expected) in [
        (
            [
                "CT,Cần Thơ,tỉnh,,2025-06-30,",
                "CT,Cần Thơ,thành phố,2025-07-01,,CT;ST;HG",
            ],
            "cột takes_in: đơn vị «CT» không thể nhận chính mình",
        ),
        (
            [
                "CT,Cần Thơ,tỉnh,,2025-06-30,",
                "CT,Cần Thơ,thành phố,2025-07-01,,ST;HG;PQ",
            ],
            "cột takes_in: đơn vị «CT» nhận «PQ», nhưng không có đơn vị mã «PQ»",
        ),
        (
            [
                "CT,Cần Thơ,tỉnh,,2025-06-30,",
                "CT,Cần Thơ,thành phố,2025-08-01,,ST;HG",
            ],
            "cột takes_in: «ST» (Sóc Trăng) nhập vào «CT» từ 2025-08-01 nên phải kết thúc ngày 2025-07-31",
        ),
        (
            [
                "CT,Cần Thơ,tỉnh,,2025-07-15,",
                "CT,Cần Thơ,thành phố,2025-07-01,,ST;HG",
            ],
            "cột valid_from: đơn vị «CT»: phiên bản từ 2025-07-01 chồng lên phiên bản trước",
        ),
    ] {
        let units = units_with(&[
            "VL,Vĩnh Long,tỉnh,,2025-06-30,",
            "VL,Vĩnh Long,tỉnh,2025-07-01,,BT;TV",
            rows[0],
            rows[1],
        ]);
        let errors = errors_of(&with(&good, "units.csv", &units));
        assert!(
            errors
                .iter()
                .any(|e| e.starts_with("units.csv, dòng") && e.contains(expected)),
            "{expected}\n{errors:#?}"
        );
    }
}
