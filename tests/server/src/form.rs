//! Form decoding the way Webmin's `ReadParse` does it: `&`-separated pieces, split at the first
//! `=`, `+` as space, `%XX` as the raw byte (so UTF-8 and any other bytes pass through).

/// One `key=value` piece of a form, decoded; `value` is `None` for a piece without `=`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Param {
    pub key: Vec<u8>,
    pub value: Option<Vec<u8>>,
}

impl Param {
    /// The key as text (lossy for bytes that are not UTF-8).
    pub fn key_text(&self) -> String {
        String::from_utf8_lossy(&self.key).into_owned()
    }

    /// The value, empty for a piece without `=`.
    pub fn value_bytes(&self) -> &[u8] {
        self.value.as_deref().unwrap_or_default()
    }
}

/// Decodes `data` into its pieces, in order. Empty pieces (`a=1&&b=2`) are skipped.
pub fn parse(data: &[u8]) -> Vec<Param> {
    data.split(|&b| b == b'&')
        .filter(|piece| !piece.is_empty())
        .map(|piece| match piece.iter().position(|&b| b == b'=') {
            Some(at) => Param {
                key: unescape(&piece[..at]),
                value: Some(unescape(&piece[at + 1..])),
            },
            None => Param {
                key: unescape(piece),
                value: None,
            },
        })
        .collect()
}

/// Decodes `+` and `%XX`; a `%` not followed by two hex digits stays as it is.
pub fn unescape(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'+' => out.push(b' '),
            b'%' => match (text.get(i + 1).and_then(hex), text.get(i + 2).and_then(hex)) {
                (Some(high), Some(low)) => {
                    out.push(high << 4 | low);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            other => out.push(other),
        }
        i += 1;
    }
    out
}

fn hex(b: &u8) -> Option<u8> {
    (*b as char).to_digit(16).map(|d| d as u8)
}

/// Decodes a query string into text pairs, for the control endpoints.
pub fn text_pairs(query: &str) -> Vec<(String, String)> {
    parse(query.as_bytes())
        .into_iter()
        .map(|p| {
            let value = String::from_utf8_lossy(p.value_bytes()).into_owned();
            (p.key_text(), value)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plus_percent_and_utf8_decode_like_readparse() {
        let params = parse(b"desc=Test+org+%26+friends+%C3%A9t%C3%A9&flag&empty=");
        assert_eq!(params[0].key, b"desc");
        assert_eq!(
            params[0].value.as_deref(),
            Some("Test org & friends été".as_bytes())
        );
        assert_eq!(
            params[1],
            Param {
                key: b"flag".to_vec(),
                value: None
            }
        );
        assert_eq!(params[2].value.as_deref(), Some(&b""[..]));
    }

    #[test]
    fn raw_bytes_and_broken_escapes_pass_through() {
        assert_eq!(unescape(b"%FF%0A"), vec![0xFF, b'\n']);
        assert_eq!(unescape(b"100%"), b"100%");
        assert_eq!(unescape(b"%zz%4"), b"%zz%4");
    }

    #[test]
    fn the_first_equals_sign_splits() {
        let params = parse(b"a=b=c&&x");
        assert_eq!(params.len(), 2);
        assert_eq!(params[0].value.as_deref(), Some(&b"b=c"[..]));
    }
}
