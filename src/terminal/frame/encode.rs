//! The escape sequences a frame is written with: SGR for the 16 named
//! colours (the shorter of a full rendition and the change from the pen the
//! terminal has), and cursor moves (relative when shorter).

use std::io::Write as _;

use ratatui::layout::Position;
use ratatui::style::{Color, Modifier};

/// A cell's look as the terminal's SGR state holds it.
pub type Pen = (Color, Color, Modifier);

/// The terminal's default rendition.
pub const PLAIN: Pen = (Color::Reset, Color::Reset, Modifier::empty());

/// SGR back to the default rendition (no parameter means 0).
pub const RESET: &[u8] = b"\x1b[m";

/// Whether a space drawn with this background and these modifiers shows
/// as an ordinary blank.
pub fn is_plain_blank(bg: Color, m: Modifier) -> bool {
    bg == Color::Reset
        && !m.intersects(Modifier::REVERSED | Modifier::UNDERLINED | Modifier::CROSSED_OUT)
}

pub fn csi(n: u16, command: char) -> String {
    if n == 1 && command == 'D' {
        // Backspace moves one column left in one byte.
        "\x08".to_string()
    } else if n == 1 {
        format!("\x1b[{command}")
    } else {
        format!("\x1b[{n}{command}")
    }
}

/// Cursor keys from `from` to `to` (CUU/CUD, then CUF/CUB or CR).
pub fn relative_move(from: Position, to: Position) -> String {
    let mut s = String::new();
    if to.y == from.y + 1 {
        // A line feed moves one row down in one byte (terminfo's `cud1`
        // for xterm); the screen is in raw mode, so it does not return the
        // carriage, and the cursor is above the last row, so it does not
        // scroll.
        s.push('\n');
    } else if to.y > from.y {
        s.push_str(&csi(to.y - from.y, 'B'));
    } else if to.y < from.y {
        s.push_str(&csi(from.y - to.y, 'A'));
    }
    if to.x > from.x {
        s.push_str(&csi(to.x - from.x, 'C'));
    } else if to.x < from.x {
        let back = csi(from.x - to.x, 'D');
        let home = if to.x == 0 {
            "\r".to_string()
        } else {
            format!("\r{}", csi(to.x, 'C'))
        };
        s.push_str(if home.len() < back.len() {
            &home
        } else {
            &back
        });
    }
    s
}

/// CUP to `p`, 1-based; the column is left out when it is 1.
pub fn absolute_move(p: Position) -> String {
    if p.x == 0 {
        format!("\x1b[{}H", p.y + 1)
    } else {
        format!("\x1b[{};{}H", p.y + 1, p.x + 1)
    }
}

/// SGR for one cell style, starting from a reset (short and stateless):
/// `ESC[m` for the plain rendition.
fn sgr(out: &mut Vec<u8>, pen: Pen) {
    if pen == PLAIN {
        out.extend_from_slice(RESET);
        return;
    }
    let (fg, bg, m) = pen;
    out.extend_from_slice(b"\x1b[0");
    let flags = [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ];
    for (flag, code) in flags {
        if m.contains(flag) {
            out.push(b';');
            out.extend_from_slice(code.as_bytes());
        }
    }
    if let Some(c) = ansi(fg, false) {
        let _ = write!(out, ";{c}");
    }
    if let Some(c) = ansi(bg, true) {
        let _ = write!(out, ";{c}");
    }
    out.push(b'm');
}

/// The shorter of a full SGR (from a reset) and the change from the pen
/// the terminal has (`ESC[36m` after plain text rather than `ESC[0;36m`).
pub fn sgr_to(out: &mut Vec<u8>, from: Option<Pen>, to: Pen) {
    let mut full = Vec::new();
    sgr(&mut full, to);
    let Some(from) = from else {
        out.extend_from_slice(&full);
        return;
    };
    let mut codes: Vec<String> = Vec::new();
    let (had, want) = (from.2, to.2);
    let weight = Modifier::BOLD | Modifier::DIM;
    // 22 ends both bold and dim; whichever stays is set again below.
    let weight_off = had.intersects(weight) && !want.contains(had & weight);
    if weight_off {
        codes.push("22".into());
    }
    for (flag, off) in [
        (Modifier::ITALIC, "23"),
        (Modifier::UNDERLINED, "24"),
        (Modifier::REVERSED, "27"),
        (Modifier::CROSSED_OUT, "29"),
    ] {
        if had.contains(flag) && !want.contains(flag) {
            codes.push(off.into());
        }
    }
    for (flag, on) in [
        (Modifier::BOLD, "1"),
        (Modifier::DIM, "2"),
        (Modifier::ITALIC, "3"),
        (Modifier::UNDERLINED, "4"),
        (Modifier::REVERSED, "7"),
        (Modifier::CROSSED_OUT, "9"),
    ] {
        let kept = had.contains(flag) && !(weight_off && weight.contains(flag));
        if want.contains(flag) && !kept {
            codes.push(on.into());
        }
    }
    if from.0 != to.0 {
        codes.push(ansi(to.0, false).unwrap_or_else(|| "39".into()));
    }
    if from.1 != to.1 {
        codes.push(ansi(to.1, true).unwrap_or_else(|| "49".into()));
    }
    let delta = format!("\x1b[{}m", codes.join(";"));
    if !codes.is_empty() && delta.len() < full.len() {
        out.extend_from_slice(delta.as_bytes());
    } else {
        out.extend_from_slice(&full);
    }
}

/// The 16 named colours as SGR numbers.
fn ansi(c: Color, background: bool) -> Option<String> {
    let base = if background { 40 } else { 30 };
    let n = match c {
        Color::Reset => return None,
        Color::Black => base,
        Color::Red => base + 1,
        Color::Green => base + 2,
        Color::Yellow => base + 3,
        Color::Blue => base + 4,
        Color::Magenta => base + 5,
        Color::Cyan => base + 6,
        Color::Gray => base + 7,
        Color::DarkGray => base + 60,
        Color::LightRed => base + 61,
        Color::LightGreen => base + 62,
        Color::LightYellow => base + 63,
        Color::LightBlue => base + 64,
        Color::LightMagenta => base + 65,
        Color::LightCyan => base + 66,
        Color::White => base + 67,
        Color::Indexed(i) => return Some(format!("{};5;{i}", base + 8)),
        Color::Rgb(r, g, b) => return Some(format!("{};2;{r};{g};{b}", base + 8)),
    };
    Some(n.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_moves_are_shorter_than_absolute_ones() {
        assert_eq!(
            relative_move(Position::new(5, 3), Position::new(9, 3)),
            "\x1b[4C"
        );
        // One row down is a line feed; more rows are CUD.
        assert_eq!(
            relative_move(Position::new(5, 3), Position::new(5, 4)),
            "\n"
        );
        assert_eq!(
            relative_move(Position::new(5, 3), Position::new(2, 5)),
            "\x1b[2B\x1b[3D"
        );
        assert_eq!(
            relative_move(Position::new(30, 3), Position::new(0, 3)),
            "\r"
        );
    }

    #[test]
    fn a_colour_change_is_sent_as_the_difference() {
        let mut out = Vec::new();
        sgr_to(
            &mut out,
            Some(PLAIN),
            (Color::Cyan, Color::Reset, Modifier::empty()),
        );
        assert_eq!(out, b"\x1b[36m");
        let mut out = Vec::new();
        sgr_to(&mut out, None, (Color::Cyan, Color::Reset, Modifier::BOLD));
        assert_eq!(out, b"\x1b[0;1;36m");
    }
}
