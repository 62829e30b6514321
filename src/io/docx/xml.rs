//! The few WordprocessingML pieces the report is made of — runs and
//! paragraphs with their properties — written as text. Sizes are in
//! twentieths of a point (twips) for lengths and in half-points for fonts,
//! as the format counts them.

use std::fmt::Write as _;

/// Text made safe for XML: the five special characters escaped and the
/// characters XML 1.0 cannot carry (controls other than tab and line
/// ends) dropped.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Look {
    pub bold: bool,
    pub italic: bool,
    /// Font size in points; None = the paragraph style's.
    pub size: Option<f32>,
}

impl Look {
    pub const PLAIN: Look = Look {
        bold: false,
        italic: false,
        size: None,
    };

    pub fn sized(size: f32) -> Look {
        Look {
            size: Some(size),
            ..Look::PLAIN
        }
    }

    pub fn bold(self) -> Look {
        Look { bold: true, ..self }
    }

    pub fn italic(self) -> Look {
        Look {
            italic: true,
            ..self
        }
    }

    fn properties(&self) -> String {
        let mut p = String::new();
        if self.bold {
            p.push_str("<w:b/><w:bCs/>");
        }
        if self.italic {
            p.push_str("<w:i/><w:iCs/>");
        }
        if let Some(pt) = self.size {
            let half = (pt * 2.0).round() as u32;
            let _ = write!(p, "<w:sz w:val=\"{half}\"/><w:szCs w:val=\"{half}\"/>");
        }
        if p.is_empty() {
            p
        } else {
            format!("<w:rPr>{p}</w:rPr>")
        }
    }
}

/// One run of text.
pub fn run(text: &str, look: Look) -> String {
    format!(
        "<w:r>{}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        look.properties(),
        esc(text)
    )
}

/// A line break inside a paragraph.
pub const BREAK: &str = "<w:r><w:br/></w:r>";

/// Paragraph alignment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    #[default]
    Left,
    Center,
    Right,
    Justify,
}

impl Align {
    fn value(self) -> &'static str {
        match self {
            Align::Left => "left",
            Align::Center => "center",
            Align::Right => "right",
            Align::Justify => "both",
        }
    }
}

/// How a paragraph sits: style, alignment, indents and spacing (twips).
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub style: Option<&'static str>,
    pub align: Option<Align>,
    pub first_line: Option<u32>,
    pub left: Option<i32>,
    pub right: Option<i32>,
    pub before: Option<u32>,
    pub after: Option<u32>,
    /// Exact line height, twips (a rule's line is a thin one).
    pub exact_line: Option<u32>,
    pub keep_next: bool,
    /// A line along the paragraph's top edge: the short rules of the
    /// header block are empty paragraphs with one.
    pub rule_above: bool,
    /// The section that ends with this paragraph (a `w:sectPr`).
    pub section: Option<String>,
    /// Run properties of the paragraph mark (its own line height).
    pub mark: Option<Look>,
}

impl Layout {
    pub fn styled(style: &'static str) -> Layout {
        Layout {
            style: Some(style),
            ..Layout::default()
        }
    }

    pub fn centered() -> Layout {
        Layout {
            align: Some(Align::Center),
            ..Layout::default()
        }
    }

    fn properties(&self) -> String {
        let mut p = String::new();
        if let Some(s) = self.style {
            let _ = write!(p, "<w:pStyle w:val=\"{s}\"/>");
        }
        if self.keep_next {
            p.push_str("<w:keepNext/>");
        }
        if self.rule_above {
            p.push_str(
                "<w:pBdr><w:top w:val=\"single\" w:sz=\"6\" w:space=\"1\" w:color=\"000000\"/></w:pBdr>",
            );
        }
        if self.before.is_some() || self.after.is_some() || self.exact_line.is_some() {
            p.push_str("<w:spacing");
            if let Some(b) = self.before {
                let _ = write!(p, " w:before=\"{b}\"");
            }
            if let Some(a) = self.after {
                let _ = write!(p, " w:after=\"{a}\"");
            }
            if let Some(l) = self.exact_line {
                let _ = write!(p, " w:line=\"{l}\" w:lineRule=\"exact\"");
            }
            p.push_str("/>");
        }
        if self.first_line.is_some() || self.left.is_some() || self.right.is_some() {
            p.push_str("<w:ind");
            if let Some(l) = self.left {
                let _ = write!(p, " w:left=\"{l}\"");
            }
            if let Some(r) = self.right {
                let _ = write!(p, " w:right=\"{r}\"");
            }
            if let Some(f) = self.first_line {
                let _ = write!(p, " w:firstLine=\"{f}\"");
            }
            p.push_str("/>");
        }
        if let Some(a) = self.align {
            let _ = write!(p, "<w:jc w:val=\"{}\"/>", a.value());
        }
        if let Some(m) = self.mark {
            p.push_str(&m.properties());
        }
        if let Some(s) = &self.section {
            p.push_str(s);
        }
        if p.is_empty() {
            p
        } else {
            format!("<w:pPr>{p}</w:pPr>")
        }
    }
}

/// A paragraph of `runs` (already made with [`run`]).
pub fn paragraph(layout: &Layout, runs: &str) -> String {
    format!("<w:p>{}{runs}</w:p>", layout.properties())
}

/// A paragraph of one run of text.
pub fn text(layout: &Layout, s: &str, look: Look) -> String {
    paragraph(layout, &run(s, look))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_controls_dropped() {
        assert_eq!(
            esc("a<b & \"c\"\u{1b}[31m"),
            "a&lt;b &amp; &quot;c&quot;[31m"
        );
    }

    #[test]
    fn a_paragraph_carries_its_properties_in_schema_order() {
        let l = Layout {
            style: Some("Body"),
            align: Some(Align::Justify),
            first_line: Some(720),
            after: Some(120),
            keep_next: true,
            ..Layout::default()
        };
        assert_eq!(
            text(&l, "Đồng Tháp", Look::sized(13.0).bold()),
            "<w:p><w:pPr><w:pStyle w:val=\"Body\"/><w:keepNext/><w:spacing w:after=\"120\"/>\
             <w:ind w:firstLine=\"720\"/><w:jc w:val=\"both\"/></w:pPr><w:r><w:rPr><w:b/><w:bCs/>\
             <w:sz w:val=\"26\"/><w:szCs w:val=\"26\"/></w:rPr><w:t xml:space=\"preserve\">Đồng Tháp\
             </w:t></w:r></w:p>"
        );
    }
}
