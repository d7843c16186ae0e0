//! Perl replies: Data::Dumper's `$VAR1 = {...};` of the envelope, read by a small strict parser.
//!
//! Only what Data::Dumper writes for plain data is accepted: hashes `{ 'k' => v, ... }`, arrays
//! `[ v, ... ]` (trailing commas allowed), single-quoted strings (`\\` and `\'` are the only
//! escapes), double-quoted strings (as with `Useqq`), bare numbers and `undef`. References
//! (`$VAR1->...`), `bless(...)` and code are refused. Bare numbers become strings: every value
//! the converter makes is a string, and Data::Dumper only drops the quotes of numeric scalars.
//! Nesting is bounded so that a hostile body cannot exhaust the stack.

use serde_json::{Map, Value};

use super::{envelope, Decoded};
use crate::call::Call;
use crate::error::Error;

/// Far deeper than any envelope (five levels), far shallower than a thread's stack.
const MAX_DEPTH: usize = 128;

/// Decodes a Perl reply.
pub(crate) fn from_perl(call: &Call, body: &str) -> Result<Decoded, Error> {
    let program = call.program();
    if !body.trim_start().starts_with("$VAR1") {
        return Err(envelope::wrong_format(program, "Perl", body));
    }
    let value = parse(body).map_err(|why| {
        Error::protocol(format!("cannot decode the Perl reply to {program}: {why}"))
    })?;
    envelope::decode(call, value)
}

/// Parses `$VAR1 = <value>;` with nothing but whitespace around.
pub(crate) fn parse(text: &str) -> Result<Value, String> {
    let mut parser = Parser { text, pos: 0 };
    parser.skip_space();
    parser.expect("$VAR1")?;
    parser.skip_space();
    parser.expect("=")?;
    let value = parser.value(0)?;
    parser.skip_space();
    parser.expect(";")?;
    parser.skip_space();
    if parser.pos != text.len() {
        return Err(format!(
            "unexpected text after the value at byte {}",
            parser.pos
        ));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, token: &str) -> Result<(), String> {
        if self.text[self.pos..].starts_with(token) {
            self.pos += token.len();
            Ok(())
        } else if self.pos >= self.text.len() {
            Err(format!("cut off where {token:?} was expected"))
        } else {
            Err(format!("expected {token:?} at byte {}", self.pos))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, String> {
        if depth >= MAX_DEPTH {
            return Err(format!("values nested deeper than {MAX_DEPTH}"));
        }
        self.skip_space();
        match self.peek() {
            Some(b'{') => self.hash(depth),
            Some(b'[') => self.array(depth),
            Some(b'\'') => self.single_quoted().map(Value::String),
            Some(b'"') => self.double_quoted().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number().map(Value::String),
            Some(b'u') if self.text[self.pos..].starts_with("undef") => {
                self.pos += "undef".len();
                Ok(Value::Null)
            }
            Some(_) => Err(format!("unsupported value at byte {}", self.pos)),
            None => Err("cut off where a value was expected".into()),
        }
    }

    fn hash(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1;
        let mut map = Map::new();
        loop {
            self.skip_space();
            if self.peek() == Some(b'}') {
                self.pos += 1;
                return Ok(Value::Object(map));
            }
            let key = self.key()?;
            self.skip_space();
            self.expect("=>")?;
            let value = self.value(depth + 1)?;
            map.insert(key, value);
            if !self.separator(b'}')? {
                return Ok(Value::Object(map));
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<Value, String> {
        self.pos += 1;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            if self.peek() == Some(b']') {
                self.pos += 1;
                return Ok(Value::Array(items));
            }
            items.push(self.value(depth + 1)?);
            if !self.separator(b']')? {
                return Ok(Value::Array(items));
            }
        }
    }

    /// After an element: `,` (more may follow: true) or the closing bracket (done: false).
    fn separator(&mut self, close: u8) -> Result<bool, String> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(true)
            }
            Some(b) if b == close => {
                self.pos += 1;
                Ok(false)
            }
            Some(_) => Err(format!(
                "expected ',' or '{}' at byte {}",
                close as char, self.pos
            )),
            None => Err("cut off inside a list".into()),
        }
    }

    fn key(&mut self) -> Result<String, String> {
        match self.peek() {
            Some(b'\'') => self.single_quoted(),
            Some(b'"') => self.double_quoted(),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b) if b == b'_' || b.is_ascii_alphabetic() => {
                let start = self.pos;
                while matches!(self.peek(), Some(b) if b == b'_' || b.is_ascii_alphanumeric()) {
                    self.pos += 1;
                }
                Ok(self.text[start..self.pos].to_owned())
            }
            Some(_) => Err(format!("unsupported hash key at byte {}", self.pos)),
            None => Err("cut off where a hash key was expected".into()),
        }
    }

    fn number(&mut self) -> Result<String, String> {
        let start = self.pos;
        let bytes = self.text.as_bytes();
        let digits = |pos: &mut usize| {
            let from = *pos;
            while bytes.get(*pos).is_some_and(u8::is_ascii_digit) {
                *pos += 1;
            }
            *pos > from
        };
        let mut pos = self.pos;
        if bytes.get(pos) == Some(&b'-') {
            pos += 1;
        }
        if !digits(&mut pos) {
            return Err(format!("bad number at byte {start}"));
        }
        if bytes.get(pos) == Some(&b'.') {
            pos += 1;
            if !digits(&mut pos) {
                return Err(format!("bad number at byte {start}"));
            }
        }
        if matches!(bytes.get(pos), Some(b'e' | b'E')) {
            pos += 1;
            if matches!(bytes.get(pos), Some(b'+' | b'-')) {
                pos += 1;
            }
            if !digits(&mut pos) {
                return Err(format!("bad number at byte {start}"));
            }
        }
        self.pos = pos;
        Ok(self.text[start..pos].to_owned())
    }

    /// `'...'`: a backslash escapes only `\` and `'`; before anything else it is kept.
    fn single_quoted(&mut self) -> Result<String, String> {
        self.pos += 1;
        let bytes = self.text.as_bytes();
        let mut out = String::new();
        let mut chunk = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'\'' => {
                    out.push_str(&self.text[chunk..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' if matches!(bytes.get(self.pos + 1), Some(b'\\' | b'\'')) => {
                    out.push_str(&self.text[chunk..self.pos]);
                    self.pos += 1;
                    chunk = self.pos;
                    self.pos += 1;
                }
                _ => self.pos += 1,
            }
        }
        Err("cut off inside a string".into())
    }

    /// `"..."` as Data::Dumper writes with `Useqq`: C-like escapes, `\x{...}`, octal.
    fn double_quoted(&mut self) -> Result<String, String> {
        self.pos += 1;
        let bytes = self.text.as_bytes();
        let mut out = String::new();
        let mut chunk = self.pos;
        while let Some(&b) = bytes.get(self.pos) {
            match b {
                b'"' => {
                    out.push_str(&self.text[chunk..self.pos]);
                    self.pos += 1;
                    return Ok(out);
                }
                b'\\' => {
                    out.push_str(&self.text[chunk..self.pos]);
                    self.pos += 1;
                    self.escape(&mut out)?;
                    chunk = self.pos;
                }
                _ => self.pos += 1,
            }
        }
        Err("cut off inside a string".into())
    }

    /// One escape after a backslash, appended to `out`.
    fn escape(&mut self, out: &mut String) -> Result<(), String> {
        let bytes = self.text.as_bytes();
        let at = self.pos;
        let Some(&b) = bytes.get(at) else {
            return Err("cut off inside a string".into());
        };
        let simple = match b {
            b'n' => Some('\n'),
            b't' => Some('\t'),
            b'r' => Some('\r'),
            b'f' => Some('\x0c'),
            b'b' => Some('\x08'),
            b'a' => Some('\x07'),
            b'e' => Some('\x1b'),
            _ => None,
        };
        if let Some(ch) = simple {
            out.push(ch);
            self.pos += 1;
            return Ok(());
        }
        let code = match b {
            b'x' if bytes.get(at + 1) == Some(&b'{') => {
                // NB: a code point has at most 8 hex digits; looking no further keeps a body
                // full of unclosed `\x{` linear.
                let len = bytes[at + 2..]
                    .iter()
                    .take(9)
                    .position(|&b| b == b'}')
                    .ok_or(format!("bad \\x{{...}} escape at byte {at}"))?;
                self.pos = at + 2 + len + 1;
                u32::from_str_radix(&self.text[at + 2..at + 2 + len], 16)
                    .map_err(|_| format!("bad \\x{{...}} escape at byte {at}"))?
            }
            b'x' => {
                let len = bytes[at + 1..]
                    .iter()
                    .take(2)
                    .take_while(|b| b.is_ascii_hexdigit())
                    .count();
                self.pos = at + 1 + len;
                u32::from_str_radix(&self.text[at + 1..at + 1 + len], 16).unwrap_or(0)
            }
            b'0'..=b'7' => {
                let len = bytes[at..]
                    .iter()
                    .take(3)
                    .take_while(|b| (b'0'..=b'7').contains(b))
                    .count();
                self.pos = at + len;
                u32::from_str_radix(&self.text[at..at + len], 8).unwrap_or(0)
            }
            _ => {
                // `\"`, `\\`, `\$`, `\@` and any other character stand for themselves.
                let ch = self.text[at..].chars().next().unwrap_or_default();
                out.push(ch);
                self.pos += ch.len_utf8();
                return Ok(());
            }
        };
        let ch = char::from_u32(code).ok_or(format!("escape at byte {at} is not a character"))?;
        out.push(ch);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use serde_json::json;

    #[test]
    fn dumper_envelope_parses_like_json() {
        let text = "$VAR1 = {\n          'command' => 'list-aliases',\n          'data' => [\n\
                    {\n 'values' => { 'to' => [ 'a@x', 'b@x' ] },\n 'name' => 'info@x'\n },\n\
                    ],\n          'status' => 'success'\n        };\n";
        assert_eq!(
            parse(text).unwrap(),
            json!({"command": "list-aliases", "status": "success",
                   "data": [{"name": "info@x", "values": {"to": ["a@x", "b@x"]}}]})
        );
    }

    #[test]
    fn single_quote_escapes_and_literal_newlines() {
        let text = "$VAR1 = { 'output' => 'it\\'s C:\\\\dir \\n\nnext line' };";
        assert_eq!(
            parse(text).unwrap(),
            json!({"output": "it's C:\\dir \\n\nnext line"})
        );
    }

    #[test]
    fn double_quotes_numbers_undef_and_barewords() {
        let text = "$VAR1 = { \"a\\tb\" => \"\\x{e9}t\\x{E9}\\n\\101\\$\", n => -12, f => 1.5e3, \
                    u => undef, };";
        assert_eq!(
            parse(text).unwrap(),
            json!({"a\tb": "été\nA$", "n": "-12", "f": "1.5e3", "u": null})
        );
    }

    #[test]
    fn truncated_and_unsupported_dumps_are_refused() {
        for text in [
            "",
            "$VAR1 = {",
            "$VAR1 = { 'a' => 'b",
            "$VAR1 = { 'a' => 'b' }",
            "$VAR1 = { 'a' => $VAR1->{'b'} };",
            "$VAR1 = bless( {}, 'X' );",
            "$VAR1 = { 'a' => 'b' 'c' => 'd' };",
            "$VAR1 = [ 1 ]; junk",
            "$VAR1 = \"\\x{110000}\";",
            "$VAR1 = \"\\x{zz}\";",
        ] {
            assert!(parse(text).is_err(), "{text:?}");
        }
    }

    #[test]
    fn hostile_nesting_depth_is_refused_without_overflow() {
        let text = format!("$VAR1 = {};", "[".repeat(1_000_000));
        let err = parse(&text).unwrap_err();
        assert!(err.contains("deeper"), "{err}");
        let ok = format!("$VAR1 = {}{};", "[".repeat(100), "]".repeat(100));
        assert!(parse(&ok).is_ok());
    }

    #[test]
    fn a_plain_text_body_is_not_perl() {
        let err = from_perl(&Call::new("x"), "done\n\nExit status: 0\n").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Protocol);
        assert!(
            err.message().contains("does not support"),
            "{}",
            err.message()
        );
    }
}
