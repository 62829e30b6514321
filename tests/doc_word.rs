//! `thidua report --format docx` through the real binary, the document
//! opened as the zip it is: the page set-up and margins of Decree
//! 30/2020, the font, the header block's texts, the report's tables as
//! Word tables with as many rows as the report's, the annexes on landscape
//! sections, the narrative and the particulars; bad input writes nothing.

mod cli_common;

use std::io::Read;
use std::path::Path;

use cli_common::thidua;
use roxmltree::{Document, Node};
use thidua::io::report::{self, Part};
use thidua::model::Figures;
use thidua::store::builtin;

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

fn part(docx: &Path, name: &str) -> String {
    let file = std::fs::File::open(docx).expect("docx written");
    let mut zip = zip::ZipArchive::new(file).expect("a zip");
    let mut text = String::new();
    zip.by_name(name)
        .expect("part present")
        .read_to_string(&mut text)
        .expect("utf-8 part");
    text
}

fn report(db: &Path, out: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "report",
        "--period",
        "2021-H1",
        "--format",
        "docx",
        "--out",
        out.to_str().expect("path"),
    ];
    args.extend_from_slice(extra);
    thidua(db, &args)
}

fn is(node: &Node, name: &str) -> bool {
    node.is_element() && node.tag_name().namespace() == Some(W) && node.tag_name().name() == name
}

fn attr<'a>(node: &Node<'a, '_>, name: &str) -> Option<&'a str> {
    node.attribute((W, name))
}

fn child<'a, 'i>(node: &Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    node.children().find(|c| is(c, name))
}

/// A paragraph's or cell's text.
fn text(node: &Node) -> String {
    node.descendants()
        .filter(|n| is(n, "t"))
        .filter_map(|n| n.text())
        .collect()
}

fn twips_to_mm(t: &str) -> f64 {
    t.parse::<f64>().expect("twips") / 56.692_913
}

/// The body's elements, each with the section (its `w:sectPr`) it is in.
fn sections<'a, 'i>(body: Node<'a, 'i>) -> Vec<(Node<'a, 'i>, Node<'a, 'i>)> {
    let mut out = Vec::new();
    let mut pending = Vec::new();
    for el in body.children().filter(Node::is_element) {
        let own = if is(&el, "sectPr") {
            Some(el)
        } else {
            child(&el, "pPr").and_then(|p| child(&p, "sectPr"))
        };
        pending.push(el);
        if let Some(sect) = own {
            out.extend(pending.drain(..).map(|e| (e, sect)));
        }
    }
    out
}

fn landscape(sect: &Node) -> bool {
    let size = child(sect, "pgSz").expect("pgSz");
    let w: u32 = attr(&size, "w").and_then(|v| v.parse().ok()).expect("w");
    let h: u32 = attr(&size, "h").and_then(|v| v.parse().ok()).expect("h");
    attr(&size, "orient") == Some("landscape") && w > h
}

#[test]
fn the_word_report_follows_decree_30_and_holds_the_reports_tables() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = dir.path().join("bao-cao.docx");
    let run = report(&db, &out, &[]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.stdout.is_empty());

    let xml = part(&out, "word/document.xml");
    let doc = Document::parse(&xml).expect("well-formed document.xml");
    let body = doc
        .root_element()
        .children()
        .find(|n| is(n, "body"))
        .expect("body");
    let placed = sections(body);
    let sects: Vec<Node> = {
        let mut v: Vec<Node> = placed.iter().map(|(_, s)| *s).collect();
        v.dedup();
        v
    };
    // Section 1: A4 portrait, margins within Decree 30's ranges, page
    // numbers from page 2 (a first-page header of its own, empty).
    let first = sects[0];
    let size = child(&first, "pgSz").expect("pgSz");
    assert_eq!(
        (attr(&size, "w"), attr(&size, "h")),
        (Some("11906"), Some("16838"))
    );
    let margins = child(&first, "pgMar").expect("pgMar");
    let mm = |side: &str| twips_to_mm(attr(&margins, side).expect("margin"));
    assert!((20.0..=25.0).contains(&mm("top")), "top {}", mm("top"));
    assert!(
        (20.0..=25.0).contains(&mm("bottom")),
        "bottom {}",
        mm("bottom")
    );
    assert!((30.0..=35.0).contains(&mm("left")), "left {}", mm("left"));
    assert!(
        (15.0..=20.0).contains(&mm("right")),
        "right {}",
        mm("right")
    );
    assert!(child(&first, "titlePg").is_some());
    let header = part(&out, "word/header1.xml");
    assert!(header.contains("<w:instrText xml:space=\"preserve\"> PAGE </w:instrText>"));
    assert!(header.contains("<w:jc w:val=\"center\"/>"));

    // The font: Times New Roman for every script, black.
    let styles = part(&out, "word/styles.xml");
    assert!(styles.contains(
        "<w:rFonts w:ascii=\"Times New Roman\" w:hAnsi=\"Times New Roman\" \
         w:eastAsia=\"Times New Roman\" w:cs=\"Times New Roman\"/><w:color w:val=\"000000\"/>"
    ));

    // The header block: two columns side by side in the first table.
    let tables: Vec<Node> = body.children().filter(|n| is(n, "tbl")).collect();
    let head_cells: Vec<String> = tables[0]
        .descendants()
        .filter(|n| is(n, "tc"))
        .map(|c| {
            c.children()
                .filter(|p| is(p, "p"))
                .map(|p| text(&p))
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
                .join("|")
        })
        .collect();
    assert_eq!(
        head_cells,
        vec![
            "UBND TỈNH SÓC TRĂNG|CỤM THI ĐUA CÁC TỈNH TÂY NAM BỘ|Số: 209/BC-UBND",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập - Tự do - Hạnh phúc|Sóc Trăng, ngày 29 tháng 7 năm 2021",
        ]
    );
    let date = tables[0]
        .descendants()
        .find(|n| is(n, "r") && text(n).starts_with("Sóc Trăng, ngày"))
        .expect("date run");
    assert!(
        xml_of(&xml, &date).contains("<w:i/>"),
        "place and date in italics"
    );
    let paragraphs: Vec<String> = body
        .children()
        .filter(|n| is(n, "p"))
        .map(|p| text(&p))
        .collect();
    assert!(paragraphs.contains(&"BÁO CÁO".to_string()));
    assert!(paragraphs.contains(
        &"Kết quả thực hiện giao ước thi đua 6 tháng đầu năm 2021 Cụm thi đua các tỉnh Tây Nam bộ"
            .to_string()
    ));
    assert!(paragraphs.iter().any(|p| p == "Phụ lục I"));
    assert!(paragraphs.iter().any(|p| p == "Phụ lục III"));
    assert!(
        !paragraphs
            .iter()
            .any(|p| p.starts_with("BẢNG ĐIỂM CHI TIẾT")),
        "no score sheets unless asked"
    );
    // The annex of checks last.
    let fourth = paragraphs
        .iter()
        .position(|p| p == "Phụ lục IV")
        .expect("Phụ lục IV");
    assert!(
        paragraphs[fourth + 1..]
            .iter()
            .any(|p| p.starts_with("KIỂM TRA SỐ LIỆU 6 THÁNG ĐẦU NĂM 2021")),
        "{:?}",
        &paragraphs[fourth..]
    );
    // No narrative: nothing between the subject's rule and the rankings.
    let subject = paragraphs
        .iter()
        .position(|p| p.starts_with("Kết quả thực hiện"))
        .expect("subject");
    let rankings = paragraphs
        .iter()
        .position(|p| p.starts_with("Xếp hạng các chỉ tiêu có kế hoạch"))
        .expect("rankings heading");
    assert!(
        paragraphs[subject + 1..rankings]
            .iter()
            .all(String::is_empty),
        "{:?}",
        &paragraphs[subject + 1..rankings]
    );

    // Recipients and signature.
    let signature = tables
        .iter()
        .find(|t| text(t).contains("Nơi nhận:"))
        .expect("signature block");
    let sig = text(signature);
    assert!(sig.contains("- Lưu: VT, TĐKT."), "{sig}");
    assert!(sig.contains("TM. CỤM THI ĐUA CÁC TỈNH TÂY NAM BỘ"));
    assert!(sig.contains("CỤM PHÓ THỨ 2"));
    assert!(sig.ends_with("Trần Văn Lâu"), "{sig}");
    let noi_nhan = signature
        .descendants()
        .find(|n| is(n, "r") && text(n) == "Nơi nhận:")
        .expect("Nơi nhận run");
    let props = xml_of(&xml, &noi_nhan);
    assert!(
        props.contains("<w:b/>")
            && props.contains("<w:i/>")
            && props.contains("<w:sz w:val=\"24\"/>"),
        "Nơi nhận: 12 pt bold italic: {props}"
    );

    // The report's tables, in the order the document places them, each
    // with the report's rows plus its header row, repeated on every page.
    let (cluster, values) = builtin::load().expect("built-in");
    let figures = Figures::new(values);
    let period = "2021-H1".parse().expect("period");
    // The score table is the covenant score's ranking, as the binary prints it.
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/cluster");
    let files = thidua::io::covenant::read_dir(&dir).expect("files");
    let covenant = match thidua::io::covenant::import(&Default::default(), &files) {
        Ok(i) => i.covenant,
        Err(e) => panic!("{:?}", e.iter().map(|e| e.to_string()).collect::<Vec<_>>()),
    };
    let score = thidua::io::covenant_score::CovenantScore::build(
        &covenant,
        &figures,
        period,
        Vec::new(),
        None,
    );
    let all = report::sections_with(&cluster, &figures, period, false, score.as_ref());
    let mut expected: Vec<&report::Section> =
        all.iter().filter(|s| s.part == Part::Ranking).collect();
    for p in [Part::Summary, Part::Score, Part::Awards] {
        expected.extend(all.iter().filter(|s| s.part == p));
    }
    let data: Vec<Node> = tables
        .iter()
        .copied()
        .filter(|t| t.descendants().any(|n| is(&n, "tblHeader")))
        .collect();
    assert_eq!(data.len(), expected.len());
    for (t, s) in data.iter().zip(&expected) {
        let rows: Vec<Node> = t.children().filter(|n| is(n, "tr")).collect();
        assert_eq!(rows.len(), s.table.rows.len() + 1, "rows of {}", s.heading);
        let header: Vec<String> = rows[0]
            .children()
            .filter(|c| is(c, "tc"))
            .map(|c| text(&c))
            .collect();
        let want: Vec<&str> = s.table.columns.iter().map(|c| c.header.as_str()).collect();
        assert_eq!(header, want, "{}", s.heading);
        assert!(rows[0].descendants().any(|n| is(&n, "tblHeader")));
        // Fixed widths that add up to no more than the text width.
        let grid: u32 = t
            .descendants()
            .filter(|n| is(n, "gridCol"))
            .map(|g| {
                attr(&g, "w")
                    .and_then(|w| w.parse::<u32>().ok())
                    .expect("width")
            })
            .sum();
        let section = placed
            .iter()
            .find(|(e, _)| e == t)
            .map(|(_, s)| *s)
            .expect("placed");
        let text_width = if landscape(&section) {
            16838 - 1701 - 851
        } else {
            11906 - 1701 - 851
        };
        assert!(grid <= text_width, "{} is {grid} twips wide", s.heading);
    }
    // The rankings are in the portrait body; the summary, score and awards
    // annex each on landscape pages.
    for (t, s) in data.iter().zip(&expected) {
        let section = placed
            .iter()
            .find(|(e, _)| e == t)
            .map(|(_, s)| *s)
            .expect("placed");
        assert_eq!(
            landscape(&section),
            s.part != Part::Ranking,
            "{}",
            s.heading
        );
    }
    // Figures right-aligned in the Vietnamese format: Long An's budget.
    let budget = data[0]
        .descendants()
        .find(|n| is(n, "p") && text(n) == "10.880")
        .expect("10.880");
    assert!(xml_of(&xml, &budget).contains("<w:jc w:val=\"right\"/>"));
    assert!(sects.len() >= 4, "the body and three annexes");
}

/// The XML text of `node` (its properties included).
fn xml_of<'a>(xml: &'a str, node: &Node) -> &'a str {
    &xml[node.range()]
}

#[test]
fn the_narrative_and_the_particulars_are_the_officers_own() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let narrative = dir.path().join("noi-dung.md");
    std::fs::write(
        &narrative,
        "# I. KẾT QUẢ\n\nCác tỉnh đã **tích cực** thi đua, *vượt* kế hoạch.\n\n- Thu ngân sách tăng;\n- Xuất khẩu tăng.\n",
    )
    .expect("write");
    let out = dir.path().join("bc.docx");
    let run = report(
        &db,
        &out,
        &[
            "--narrative",
            narrative.to_str().expect("path"),
            "--number",
            "15/BC-CTĐ",
            "--date",
            "5/2/2022",
            "--place",
            "Cần Thơ",
            "--signer",
            "Nguyễn Văn An",
            "--signer-title",
            "CỤM TRƯỞNG",
            "--recipients",
            "UBND các tỉnh",
            "--recipients",
            "Lưu: VT, VP.",
            "--score-sheets",
        ],
    );
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let xml = part(&out, "word/document.xml");
    let doc = Document::parse(&xml).expect("well-formed");
    let all_text = text(&doc.root_element());
    for expected in [
        "Số: 15/BC-CTĐ",
        "Cần Thơ, ngày 05 tháng 02 năm 2022",
        "I. KẾT QUẢ",
        "- Thu ngân sách tăng;",
        "Nguyễn Văn An",
        "CỤM TRƯỞNG",
        "- UBND các tỉnh;",
        "- Lưu: VT, VP.",
        "Phụ lục IV",
        "(Kèm theo Báo cáo số 15/BC-CTĐ ngày 5/2/2022 của Cụm thi đua các tỉnh Tây Nam bộ)",
    ] {
        assert!(all_text.contains(expected), "«{expected}» missing");
    }
    assert!(!all_text.contains("Trần Văn Lâu"));
    // The narrative comes before the generated tables, bold where bold.
    let narrative_at = all_text.find("I. KẾT QUẢ").expect("narrative");
    let tables_at = all_text.find("Xếp hạng các chỉ tiêu").expect("rankings");
    assert!(narrative_at < tables_at);
    let bold = doc
        .descendants()
        .find(|n| is(n, "r") && text(n) == "tích cực")
        .expect("bold run");
    assert!(xml_of(&xml, &bold).contains("<w:b/>"));
    let heading = doc
        .descendants()
        .find(|n| is(n, "p") && text(n) == "I. KẾT QUẢ")
        .expect("heading");
    assert!(xml_of(&xml, &heading).contains("<w:pStyle w:val=\"Heading1\"/>"));
    let body = doc
        .descendants()
        .find(|n| is(n, "p") && text(n).starts_with("Các tỉnh đã"))
        .expect("body paragraph");
    assert!(xml_of(&xml, &body).contains("<w:pStyle w:val=\"BodyText\"/>"));
    let styles = part(&out, "word/styles.xml");
    assert!(
        styles.contains("<w:spacing w:before=\"0\" w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/><w:ind w:firstLine=\"720\"/><w:jc w:val=\"both\"/>"),
        "body text: justified, 1,27 cm first-line indent, 6 pt after"
    );
}

#[test]
fn a_bad_narrative_or_command_line_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db");
    let out = dir.path().join("bc.docx");
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"# K\xe9t qu\xe1\n").expect("write");
    let run = report(&db, &out, &["--narrative", latin1.to_str().expect("path")]);
    assert_eq!(run.status.code(), Some(1));
    let err = String::from_utf8_lossy(&run.stderr);
    assert!(
        err.contains("không phải văn bản UTF-8 (byte lạ ở dòng 1)"),
        "{err}"
    );
    assert!(!out.exists(), "nothing written");

    // The particulars belong to the Word document only.
    let run = thidua(
        &db,
        &[
            "report", "--period", "2021-H1", "--format", "md", "--number", "1/BC",
        ],
    );
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("chỉ dùng với --format docx"));

    // A date that is no date.
    let run = report(&db, &out, &["--date", "31/2/2021"]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("ngày «31/2/2021» không hợp lệ"));

    // A file that cannot be written: a message, and no file left behind.
    let missing = dir.path().join("khong-co").join("bc.docx");
    let run = report(&db, &missing, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&run.stderr).contains("không ghi được tệp"));
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".thidua-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}
