//! The worked examples of `docs/scoring.md` are what the engine computes:
//! every table under an `<!-- example: … -->` line is read, scored, and
//! its points and formulas compared character for character — the method
//! examples, the votes needed under each rule, and the built-in 2021-H1
//! ranking. A doc example that drifts from the code fails here.

mod scoring_common;

use std::collections::HashMap;

use rust_decimal::Decimal;
use scoring_common::{built_in, criterion, num, period};
use thidua::model::criterion::Method;
use thidua::model::scoring::vote::{VoteBase, VoteRule};
use thidua::model::scoring::{
    Inputs, Ranking, SheetEntries, UnitFigures, cluster_sheets, score_criterion,
};
use thidua::model::{Direction, Figures};
use thidua::text::number::parse_number;

/// One example: its parameters and its table's rows (cells trimmed).
struct Example {
    line: usize,
    params: HashMap<String, String>,
    kind: String,
    rows: Vec<Vec<String>>,
}

fn examples() -> Vec<Example> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/scoring.md");
    let text = std::fs::read_to_string(path).expect("docs/scoring.md");
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("<!-- example:") else {
            continue;
        };
        let body = rest.trim_end_matches("-->").trim();
        let mut params = HashMap::new();
        let mut kind = Vec::new();
        for token in body.split_whitespace() {
            match token.split_once('=') {
                Some((k, v)) => {
                    params.insert(k.to_string(), v.to_string());
                }
                None => kind.push(token),
            }
        }
        // The header and the separator, then rows while lines are a table.
        let rows = lines[i + 3..]
            .iter()
            .take_while(|l| l.starts_with('|'))
            .map(|l| {
                let cells: Vec<String> = l.split('|').map(|c| c.trim().to_string()).collect();
                cells[1..cells.len() - 1].to_vec()
            })
            .collect();
        out.push(Example {
            line: i + 1,
            params,
            kind: kind.join(" "),
            rows,
        });
    }
    out
}

fn number(cell: &str) -> Option<Decimal> {
    (!cell.is_empty()).then(|| parse_number(cell).unwrap_or_else(|e| panic!("«{cell}»: {e}")))
}

#[test]
fn every_method_example_is_what_the_engine_computes() {
    let mut seen = Vec::new();
    for ex in examples()
        .iter()
        .filter(|e| e.params.contains_key("method"))
    {
        let p = |k: &str| ex.params.get(k).map(String::as_str);
        let method = Method::parse(p("method").unwrap_or_default()).expect("method");
        let direction = match p("direction") {
            Some("lower_better") => Direction::LowerBetter,
            _ => Direction::HigherBetter,
        };
        let mut c = criterion("DOC", method, p("ms"), direction);
        let dec = |k: &str| p(k).map(|v| v.parse::<Decimal>().expect(k));
        c.scoring.share_at_target = dec("share_at_target");
        c.scoring.leader_full = p("leader_full").map(|v| v == "true");
        c.scoring.points_each = dec("points_each");
        c.scoring.cap = dec("cap");
        c.decimals = p("decimals").map_or(0, |v| v.parse().expect("decimals"));
        let units: Vec<UnitFigures> = ex
            .rows
            .iter()
            .map(|r| UnitFigures {
                unit: r[0].clone(),
                target: number(&r[1]),
                actual: number(&r[2]),
            })
            .collect();
        let scored = score_criterion(&c, &units).expect("scored");
        for (row, s) in ex.rows.iter().zip(&scored) {
            let points = s.points.map(|v| num(v, 2)).unwrap_or_default();
            assert_eq!(
                (points.as_str(), s.formula(c.decimals, &num).as_str()),
                (row[3].as_str(), row[4].as_str()),
                "docs/scoring.md line {}: unit {}",
                ex.line,
                row[0]
            );
        }
        assert!(!ex.rows.is_empty(), "line {}: a table", ex.line);
        seen.push(method);
    }
    for m in Method::ALL.into_iter().filter(|m| *m != Method::None) {
        assert!(
            seen.contains(&m),
            "docs/scoring.md has a worked example of {}",
            m.as_str()
        );
    }
    assert!(seen.len() >= 13, "{} method examples read", seen.len());
}

#[test]
fn the_votes_needed_under_each_rule_are_what_the_doc_says() {
    let ex = examples();
    let votes = ex
        .iter()
        .find(|e| e.kind == "votes")
        .expect("votes example");
    let rules = [
        VoteRule::MAJORITY_OF_MEMBERS,
        VoteRule {
            numerator: 2,
            denominator: 3,
            strict: false,
            base: VoteBase::Present,
        },
    ];
    assert_eq!(votes.rows.len(), 4);
    for row in &votes.rows {
        let rule = rules
            .iter()
            .find(|r| r.label() == row[1])
            .unwrap_or_else(|| panic!("a rule labelled «{}»", row[1]));
        let base: u32 = row[0].parse().expect("base");
        assert_eq!(rule.needed(base).to_string(), row[2], "{row:?}");
    }
}

#[test]
fn the_built_in_ranking_of_the_doc_is_the_engines() {
    let ex = examples();
    let table = ex
        .iter()
        .find(|e| e.kind == "built-in ranking 2021-H1")
        .expect("ranking example");
    let c = built_in();
    let y = c.year(2021).expect("2021");
    let (_, values) = thidua::store::builtin::load().expect("values");
    let inputs = Inputs::from_figures(y, &c.units, &Figures::new(values), period("2021-H1"));
    let sheets = cluster_sheets(y, &c.units, &inputs, |_| SheetEntries::default());
    let r = Ranking::of(period("2021-H1"), &sheets);
    let got: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|row| {
            vec![
                row.rank.to_string(),
                row.name.clone(),
                num(row.points.total, 2),
            ]
        })
        .collect();
    assert_eq!(got, table.rows);
}
