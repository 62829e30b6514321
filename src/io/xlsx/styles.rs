//! The looks of a thidua workbook: headers, text, figures with a number
//! format of the figure's decimals (Excel shows them in the reader's own
//! locale), and the mark of a figure worked out rather than entered.

use rust_xlsxwriter::{Color, Format, FormatAlign, FormatBorder};

/// Worked-out figures: italic and teal, like the derived colour on screen.
pub const DERIVED_COLOR: u32 = 0x00_80_80;

/// What every sheet says about the marked figures.
pub const DERIVED_LEGEND: &str = "Số in nghiêng màu xanh lơ: tính ra (theo quy tắc của chỉ tiêu \
     hoặc từ các chỉ tiêu khác), không nhập và không lưu.";

pub fn title() -> Format {
    Format::new().set_bold().set_font_size(13)
}

pub fn header() -> Format {
    Format::new()
        .set_bold()
        .set_text_wrap()
        .set_align(FormatAlign::Center)
        .set_align(FormatAlign::VerticalCenter)
        .set_background_color(Color::RGB(0xD9_E1_F2))
        .set_border(FormatBorder::Thin)
}

pub fn text() -> Format {
    Format::new()
        .set_text_wrap()
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin)
}

pub fn group() -> Format {
    Format::new()
        .set_bold()
        .set_background_color(Color::RGB(0xF2_F2_F2))
        .set_border(FormatBorder::Thin)
}

pub fn note() -> Format {
    Format::new().set_italic()
}

/// How a figure is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Shape {
    pub decimals: u32,
    /// Stored as a fraction, shown with `%`.
    pub percent: bool,
    /// A `+` before positive values (a change).
    pub signed: bool,
    /// ` *` after the figure (differs from the provinces' sum).
    pub marked: bool,
    /// Worked out, not entered.
    pub derived: bool,
}

/// Excel's number format for `shape`: `#,##0.00`, `0.00%`, `+#,##0;-#,##0;0`.
pub fn number_format(shape: Shape) -> String {
    let frac = if shape.decimals > 0 {
        format!(".{}", "0".repeat(shape.decimals.min(15) as usize))
    } else {
        String::new()
    };
    let mut base = if shape.percent {
        format!("0{frac}%")
    } else {
        format!("#,##0{frac}")
    };
    if shape.marked {
        base.push_str("\" *\"");
    }
    if shape.signed {
        format!("+{base};-{base};{base}")
    } else {
        base
    }
}

pub fn number(shape: Shape) -> Format {
    let f = Format::new()
        .set_num_format(number_format(shape))
        .set_align(FormatAlign::Top)
        .set_border(FormatBorder::Thin);
    if shape.derived {
        f.set_italic().set_font_color(Color::RGB(DERIVED_COLOR))
    } else {
        f
    }
}

/// A cell of a figures column with nothing in it (keeps the grid).
pub fn empty() -> Format {
    Format::new().set_border(FormatBorder::Thin)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn number_formats_follow_the_decimals_and_the_kind_of_figure() {
        let s = |decimals, percent, signed, marked| Shape {
            decimals,
            percent,
            signed,
            marked,
            derived: false,
        };
        assert_eq!(number_format(s(0, false, false, false)), "#,##0");
        assert_eq!(number_format(s(2, false, false, false)), "#,##0.00");
        assert_eq!(number_format(s(2, true, false, false)), "0.00%");
        assert_eq!(
            number_format(s(2, true, true, false)),
            "+0.00%;-0.00%;0.00%"
        );
        assert_eq!(number_format(s(0, false, false, true)), "#,##0\" *\"");
    }
}
