//! Text helpers for program output: Perl's `printf` columns, which count bytes (so UTF-8 text
//! misaligns and a character can be cut in half, as on the real server), and `Key: value` lines.

use std::fmt::Display;
use std::io::Write;

/// `%-W.Ws` (`truncate`) or `%-Ws`: `text` left-aligned in `width` bytes.
pub fn column(out: &mut Vec<u8>, text: &str, width: usize, truncate: bool) {
    let bytes = text.as_bytes();
    let bytes = if truncate && bytes.len() > width {
        &bytes[..width]
    } else {
        bytes
    };
    out.extend_from_slice(bytes);
    out.resize(out.len() + width.saturating_sub(bytes.len()), b' ');
}

/// A table row of truncating columns separated by one space, with its newline.
pub fn row(out: &mut Vec<u8>, cells: &[(&str, usize)]) {
    for (i, (text, width)) in cells.iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        column(out, text, *width, true);
    }
    out.push(b'\n');
}

/// The dashed rule under a table header.
pub fn ruler(out: &mut Vec<u8>, widths: &[usize]) {
    let cells: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    out.extend_from_slice(cells.join(" ").as_bytes());
    out.push(b'\n');
}

/// An indented `    Key: value` line of multiline output.
pub fn field(out: &mut Vec<u8>, key: &str, value: impl Display) {
    // NB: written in place rather than through format!: a listing of 10,000 servers has
    // 600,000 of these lines. Writing to a Vec cannot fail.
    let _ = writeln!(out, "    {key}: {value}");
}

/// A `Doing something ..` / `.. done` step of Virtualmin's progress output.
pub fn step(out: &mut Vec<u8>, indent: &str, what: &str) {
    out.extend_from_slice(format!("{indent}{what} ..\n{indent}.. done\n\n").as_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_bytes_like_perl_printf() {
        let mut out = Vec::new();
        column(&mut out, "Carol D\u{fc}rr", 20, true);
        assert_eq!(out.len(), 20);
        assert_eq!(&out[..11], "Carol D\u{fc}rr".as_bytes());

        let mut cut = Vec::new();
        column(&mut cut, "\u{e9}t\u{e9}", 1, true);
        assert_eq!(cut, [0xC3]);
    }
}
