//! The narrative officers write for a report (`--narrative FILE.md`), read
//! into the few kinds of block a Word report holds: headings, paragraphs
//! and list items, each a line of text spans that may be bold or italic.
//! Anything else Markdown can say (links, code, quotes, raw HTML) keeps
//! its text and loses its markup: nothing written is dropped.

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::text::normalize::clean;

/// A piece of text with its emphasis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub text: String,
    pub bold: bool,
    pub italic: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    /// `#` is level 1.
    Heading {
        level: u8,
        spans: Vec<Span>,
    },
    Paragraph {
        spans: Vec<Span>,
    },
    /// A list item: `depth` 1 for a top-level item; `marker` is `-`, `+`
    /// (nested) or `1.` for a numbered list.
    Item {
        depth: usize,
        marker: String,
        spans: Vec<Span>,
    },
}

/// Lines within a block are joined by this (a line break in Word).
pub const LINE_BREAK: &str = "\n";

/// The blocks of a Markdown text, in order. Text is NFC with control
/// characters removed, like every text that enters thidua.
pub fn blocks(markdown: &str) -> Vec<Block> {
    let mut reader = Reader::default();
    for event in Parser::new(markdown) {
        reader.event(event);
    }
    reader.finish_block();
    reader.out
}

#[derive(Default)]
struct Reader {
    out: Vec<Block>,
    spans: Vec<Span>,
    bold: usize,
    italic: usize,
    /// Open lists: the next number of each numbered one, None for bullets.
    lists: Vec<Option<u64>>,
    /// What the text being collected will become.
    pending: Option<Pending>,
}

enum Pending {
    Heading(u8),
    Paragraph,
    Item { depth: usize, marker: String },
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.text(&t)
            }
            Event::Html(t) | Event::InlineHtml(t) => self.text(&strip_tags(&t)),
            Event::SoftBreak => self.text(" "),
            Event::HardBreak => self.text(LINE_BREAK),
            Event::FootnoteReference(t) => self.text(&format!("[{t}]")),
            Event::TaskListMarker(done) => self.text(if done { "[x] " } else { "[ ] " }),
            Event::Rule => self.finish_block(),
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.finish_block();
                self.pending = Some(Pending::Heading(heading_level(level)));
            }
            Tag::Paragraph | Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::BlockQuote(_) => {
                // A paragraph inside a list item belongs to that item,
                // unless the item already has text (a second paragraph).
                let in_fresh_item =
                    matches!(self.pending, Some(Pending::Item { .. })) && self.spans.is_empty();
                if !in_fresh_item {
                    self.finish_block();
                    if self.pending.is_none() {
                        self.pending = Some(Pending::Paragraph);
                    }
                }
            }
            Tag::List(start) => {
                self.finish_block();
                self.lists.push(start);
            }
            Tag::Item => {
                self.finish_block();
                let depth = self.lists.len().max(1);
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}.");
                        *n += 1;
                        m
                    }
                    _ if depth == 1 => "-".to_string(),
                    _ => "+".to_string(),
                };
                self.pending = Some(Pending::Item { depth, marker });
            }
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::TableCell => self.text(" "),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_)
            | TagEnd::Paragraph
            | TagEnd::CodeBlock
            | TagEnd::HtmlBlock
            | TagEnd::BlockQuote(_)
            | TagEnd::Item
            | TagEnd::TableRow
            | TagEnd::TableHead => self.finish_block(),
            TagEnd::List(_) => {
                self.finish_block();
                self.lists.pop();
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            _ => {}
        }
    }

    fn text(&mut self, t: &str) {
        let text = if t == LINE_BREAK {
            t.to_string()
        } else {
            // Code blocks keep their line ends as breaks.
            t.split('\n')
                .map(clean)
                .collect::<Vec<_>>()
                .join(LINE_BREAK)
        };
        if text.is_empty() {
            return;
        }
        let (bold, italic) = (self.bold > 0, self.italic > 0);
        match self.spans.last_mut() {
            Some(last) if last.bold == bold && last.italic == italic => last.text.push_str(&text),
            _ => self.spans.push(Span { text, bold, italic }),
        }
    }

    fn finish_block(&mut self) {
        // Trailing line ends and spaces make empty lines in Word.
        while let Some(last) = self.spans.last_mut() {
            let trimmed = last.text.trim_end().len();
            last.text.truncate(trimmed);
            if last.text.is_empty() {
                self.spans.pop();
            } else {
                break;
            }
        }
        if let Some(first) = self.spans.first_mut() {
            first.text = first.text.trim_start().to_string();
        }
        let spans = std::mem::take(&mut self.spans);
        let pending = self.pending.take();
        if spans.iter().all(|s| s.text.trim().is_empty()) {
            return;
        }
        self.out.push(match pending {
            Some(Pending::Heading(level)) => Block::Heading { level, spans },
            Some(Pending::Item { depth, marker }) => Block::Item {
                depth,
                marker,
                spans,
            },
            Some(Pending::Paragraph) | None => Block::Paragraph { spans },
        });
    }
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// Raw HTML without its tags (`<b>x</b>` → `x`).
fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, bold: bool, italic: bool) -> Span {
        Span {
            text: text.into(),
            bold,
            italic,
        }
    }

    #[test]
    fn headings_paragraphs_emphasis_and_lists() {
        let md = "# I. KẾT QUẢ\n\nCác tỉnh đã **tích cực** triển khai, *đạt* nhiều kết quả.\n\
                  Dòng tiếp.\n\n- Thu ngân sách tăng;\n- Xuất khẩu:\n  - Đồng Tháp\n\n\
                  1. một\n2. hai\n";
        assert_eq!(
            blocks(md),
            vec![
                Block::Heading {
                    level: 1,
                    spans: vec![span("I. KẾT QUẢ", false, false)]
                },
                Block::Paragraph {
                    spans: vec![
                        span("Các tỉnh đã ", false, false),
                        span("tích cực", true, false),
                        span(" triển khai, ", false, false),
                        span("đạt", false, true),
                        span(" nhiều kết quả. Dòng tiếp.", false, false),
                    ]
                },
                Block::Item {
                    depth: 1,
                    marker: "-".into(),
                    spans: vec![span("Thu ngân sách tăng;", false, false)]
                },
                Block::Item {
                    depth: 1,
                    marker: "-".into(),
                    spans: vec![span("Xuất khẩu:", false, false)]
                },
                Block::Item {
                    depth: 2,
                    marker: "+".into(),
                    spans: vec![span("Đồng Tháp", false, false)]
                },
                Block::Item {
                    depth: 1,
                    marker: "1.".into(),
                    spans: vec![span("một", false, false)]
                },
                Block::Item {
                    depth: 1,
                    marker: "2.".into(),
                    spans: vec![span("hai", false, false)]
                },
            ]
        );
    }

    #[test]
    fn text_is_cleaned_and_markup_without_a_word_keeps_its_text() {
        let md = "Xem [báo cáo](http://x) và `mã` <b>đậm</b>\u{1b}[31m\n";
        assert_eq!(
            blocks(md),
            vec![Block::Paragraph {
                spans: vec![span("Xem báo cáo và mã đậm[31m", false, false)]
            }]
        );
    }

    #[test]
    fn an_empty_narrative_has_no_blocks() {
        assert_eq!(blocks("\n\n   \n"), vec![]);
    }
}
