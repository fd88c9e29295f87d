//! Fetch's headers: the header list (ordered, duplicates kept, raw bytes) and the byte-level
//! definitions that the rest of the engine builds on.
//!
//! `http::HeaderValue` is stricter than Fetch and cannot hold what people paste, so headers here
//! are plain byte sequences.

/// Byte classes, built at compile time: bit 0 = `tchar` (RFC 9110 token character).
const TCHAR: u8 = 1;

// Indexing a 256-entry table with a byte cannot go out of bounds.
#[allow(clippy::indexing_slicing)]
const CLASSES: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let c = b as u8;
        let is_tchar = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if is_tchar {
            table[b] = TCHAR;
        }
        b += 1;
    }
    table
};

/// Whether `b` is a `tchar` of RFC 9110's `token` rule.
/// <https://httpwg.org/specs/rfc9110.html#tokens>
#[allow(clippy::indexing_slicing)] // a byte indexes a 256-entry table
pub fn is_token_byte(b: u8) -> bool {
    CLASSES[b as usize] & TCHAR != 0
}

/// Whether `bytes` is a `token`: one or more `tchar`s.
/// <https://httpwg.org/specs/rfc9110.html#tokens>
pub fn is_token(bytes: &[u8]) -> bool {
    !bytes.is_empty() && bytes.iter().all(|&b| is_token_byte(b))
}

/// HTTP tab or space: 0x09 or 0x20.
/// <https://fetch.spec.whatwg.org/#http-tab-or-space>
pub fn is_http_tab_or_space(b: u8) -> bool {
    b == b'\t' || b == b' '
}

/// HTTP whitespace: 0x0A, 0x0D, 0x09 or 0x20.
/// <https://fetch.spec.whatwg.org/#http-whitespace-byte>
pub fn is_http_whitespace_byte(b: u8) -> bool {
    matches!(b, b'\n' | b'\r' | b'\t' | b' ')
}

/// Removes leading and trailing bytes matching `strip` from `bytes`.
pub fn trim_bytes(bytes: &[u8], strip: impl Fn(u8) -> bool) -> &[u8] {
    let start = bytes.iter().position(|&b| !strip(b)).unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !strip(b))
        .map_or(start, |i| i + 1);
    bytes.get(start..end).unwrap_or(&[])
}

/// To normalize a byte sequence potentialValue, remove any leading and trailing HTTP whitespace
/// bytes from potentialValue.
/// <https://fetch.spec.whatwg.org/#concept-header-value-normalize>
pub fn normalize_header_value(value: &[u8]) -> &[u8] {
    trim_bytes(value, is_http_whitespace_byte)
}

/// A header name is a byte sequence that matches the `field-name` token production.
/// <https://fetch.spec.whatwg.org/#header-name>
pub fn is_header_name(name: &[u8]) -> bool {
    is_token(name)
}

/// A header value is a byte sequence that has no leading or trailing HTTP tab or space bytes and
/// contains no 0x00 (NUL) or HTTP newline bytes (0x0A, 0x0D).
/// <https://fetch.spec.whatwg.org/#header-value>
pub fn is_header_value(value: &[u8]) -> bool {
    let (Some(&first), Some(&last)) = (value.first(), value.last()) else {
        return true;
    };
    !is_http_tab_or_space(first)
        && !is_http_tab_or_space(last)
        && !value.iter().any(|&b| matches!(b, 0x00 | b'\n' | b'\r'))
}

/// A byte-case-insensitive comparison of two byte sequences.
/// <https://infra.spec.whatwg.org/#byte-case-insensitive>
pub fn eq_ignore_case(a: &[u8], b: &[u8]) -> bool {
    a.eq_ignore_ascii_case(b)
}

/// Renders bytes for people: ASCII as is, every other byte as the Latin-1 character it stands
/// for (which is how browsers turn header bytes into JavaScript strings).
pub fn to_display(bytes: &[u8]) -> String {
    match std::str::from_utf8(bytes) {
        // ASCII is the same in Latin-1 and UTF-8: copy it as is.
        Ok(text) if text.is_ascii() => text.to_string(),
        _ => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

/// Lowercases the ASCII letters of a header name and renders it.
pub fn lowercase_name(name: &[u8]) -> String {
    to_display(&name.to_ascii_lowercase())
}

/// A header: a (name, value) pair of byte sequences.
/// <https://fetch.spec.whatwg.org/#concept-header>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    /// The header's name, as written.
    pub name: Vec<u8>,
    /// The header's value, byte for byte.
    pub value: Vec<u8>,
}

impl Header {
    /// A header from anything that holds bytes.
    pub fn new(name: impl Into<Vec<u8>>, value: impl Into<Vec<u8>>) -> Self {
        Header {
            name: name.into(),
            value: value.into(),
        }
    }

    /// Whether this header's name is a byte-case-insensitive match for `name`.
    pub fn is(&self, name: &str) -> bool {
        eq_ignore_case(&self.name, name.as_bytes())
    }
}

/// How many headers make a list long: names in longer lists are found by hash, not by looking
/// through the list (a paste may hold thousands).
pub(crate) const LONG_LIST: usize = 24;

/// A set of header names, matched byte-case-insensitively: a list's look-up when it is short,
/// a hash set's when it is long.
pub(crate) enum NameSet<'a> {
    /// Few names, looked through.
    Few(Vec<&'a [u8]>),
    /// Many names, lowercased and hashed.
    Many(std::collections::HashSet<Vec<u8>>),
}

impl<'a> NameSet<'a> {
    /// The set of these names.
    pub(crate) fn new(names: impl IntoIterator<Item = &'a [u8]>) -> Self {
        let names: Vec<&[u8]> = names.into_iter().collect();
        if names.len() < LONG_LIST {
            NameSet::Few(names)
        } else {
            NameSet::Many(names.iter().map(|n| n.to_ascii_lowercase()).collect())
        }
    }

    /// Whether it holds `name` (in any case).
    pub(crate) fn contains(&self, name: &[u8]) -> bool {
        match self {
            NameSet::Few(names) => names.iter().any(|n| eq_ignore_case(n, name)),
            NameSet::Many(set) => set.contains(&name.to_ascii_lowercase()),
        }
    }
}

/// A header list: a list of zero or more headers, in order, names possibly repeated.
/// <https://fetch.spec.whatwg.org/#concept-header-list>
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderList {
    headers: Vec<Header>,
}

impl HeaderList {
    /// An empty header list.
    pub fn new() -> Self {
        HeaderList::default()
    }

    /// The headers, in order.
    pub fn iter(&self) -> std::slice::Iter<'_, Header> {
        self.headers.iter()
    }

    /// How many headers the list holds (repeated names count once per line).
    pub fn len(&self) -> usize {
        self.headers.len()
    }

    /// Whether the list holds no header.
    pub fn is_empty(&self) -> bool {
        self.headers.is_empty()
    }

    /// A header list contains a header name name if list contains a header whose name is a
    /// byte-case-insensitive match for name.
    /// <https://fetch.spec.whatwg.org/#header-list-contains>
    pub fn contains(&self, name: &str) -> bool {
        self.headers.iter().any(|h| h.is(name))
    }

    /// To get a header name name from a header list list: if list does not contain name, then
    /// return null; return the values of all headers in list whose name is a
    /// byte-case-insensitive match for name, separated from each other by 0x2C 0x20, in order.
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get>
    pub fn get(&self, name: &str) -> Option<Vec<u8>> {
        let mut found: Option<Vec<u8>> = None;
        for header in self.headers.iter().filter(|h| h.is(name)) {
            match found.as_mut() {
                Some(value) => {
                    value.extend_from_slice(b", ");
                    value.extend_from_slice(&header.value);
                }
                None => found = Some(header.value.clone()),
            }
        }
        found
    }

    /// [`get`](HeaderList::get) without copying the value when a single line holds it.
    /// <https://fetch.spec.whatwg.org/#concept-header-list-get>
    pub fn value(&self, name: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        let mut lines = self.headers.iter().filter(|h| h.is(name));
        let first = lines.next()?;
        match lines.next() {
            None => Some(std::borrow::Cow::Borrowed(first.value.as_slice())),
            Some(_) => self.get(name).map(std::borrow::Cow::Owned),
        }
    }

    /// The values of every line named `name`, in order, without combining them.
    pub fn get_all(&self, name: &str) -> Vec<&[u8]> {
        self.headers
            .iter()
            .filter(|h| h.is(name))
            .map(|h| h.value.as_slice())
            .collect()
    }

    /// To append a header (name, value) to a header list list: if list contains name, then set
    /// name to the first such header's name (this reuses the casing of the name of the header
    /// already in list); append (name, value) to list.
    /// <https://fetch.spec.whatwg.org/#concept-header-list-append>
    pub fn append(&mut self, name: &[u8], value: &[u8]) {
        let name = self
            .headers
            .iter()
            .find(|h| eq_ignore_case(&h.name, name))
            .map_or_else(|| name.to_vec(), |h| h.name.clone());
        self.headers.push(Header::new(name, value));
    }

    /// Appends every header in turn, each as [`append`](HeaderList::append) does (a name the
    /// list holds already takes the first such header's name), in time linear in their number:
    /// the names are looked up by hash once the list is long.
    pub fn append_all(&mut self, headers: impl IntoIterator<Item = Header>) {
        let mut first: Option<std::collections::HashMap<Vec<u8>, Vec<u8>>> = None;
        for header in headers {
            if first.is_none() && self.headers.len() < LONG_LIST {
                self.append(&header.name, &header.value);
                continue;
            }
            let names = first.get_or_insert_with(|| {
                let mut names = std::collections::HashMap::new();
                for h in &self.headers {
                    names
                        .entry(h.name.to_ascii_lowercase())
                        .or_insert_with(|| h.name.clone());
                }
                names
            });
            let name = names
                .entry(header.name.to_ascii_lowercase())
                .or_insert(header.name)
                .clone();
            self.headers.push(Header {
                name,
                value: header.value,
            });
        }
    }

    /// To delete a header name name from a header list list, remove all headers whose name is a
    /// byte-case-insensitive match for name from list.
    /// <https://fetch.spec.whatwg.org/#concept-header-list-delete>
    pub fn delete(&mut self, name: &str) {
        self.headers.retain(|h| !h.is(name));
    }

    /// To set a header (name, value) in a header list list: if list contains name, then set the
    /// value of the first such header to value and remove the others; otherwise, append
    /// (name, value) to list.
    /// <https://fetch.spec.whatwg.org/#concept-header-list-set>
    pub fn set(&mut self, name: &str, value: &[u8]) {
        match self.headers.iter().position(|h| h.is(name)) {
            Some(first) => {
                let mut index = 0;
                self.headers.retain(|h| {
                    let keep = index == first || !h.is(name);
                    index += 1;
                    keep
                });
                if let Some(h) = self.headers.get_mut(first) {
                    h.value = value.to_vec();
                }
            }
            None => self.append(name.as_bytes(), value),
        }
    }

    /// The distinct names of the list, lowercased, sorted and without duplicates.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = self
            .headers
            .iter()
            .map(|h| lowercase_name(&h.name))
            .collect();
        names.sort();
        names.dedup();
        names
    }

    /// The list with each name's lines combined into one header, in the order names first
    /// appear: what a browser's header map holds once duplicates are joined with `, `.
    pub fn combined(&self) -> HeaderList {
        let mut out: Vec<Header> = Vec::with_capacity(self.headers.len());
        // A long list finds each name's header by hash, a short one by looking.
        let mut at: Option<std::collections::HashMap<Vec<u8>, usize>> =
            (self.headers.len() >= LONG_LIST).then(std::collections::HashMap::new);
        for header in &self.headers {
            let existing = match &mut at {
                Some(at) => match at.entry(header.name.to_ascii_lowercase()) {
                    std::collections::hash_map::Entry::Occupied(e) => out.get_mut(*e.get()),
                    std::collections::hash_map::Entry::Vacant(e) => {
                        e.insert(out.len());
                        None
                    }
                },
                None => out
                    .iter_mut()
                    .find(|h| eq_ignore_case(&h.name, &header.name)),
            };
            match existing {
                Some(existing) => {
                    existing.value.extend_from_slice(b", ");
                    existing.value.extend_from_slice(&header.value);
                }
                None => out.push(header.clone()),
            }
        }
        HeaderList { headers: out }
    }
}

impl FromIterator<Header> for HeaderList {
    fn from_iter<T: IntoIterator<Item = Header>>(iter: T) -> Self {
        HeaderList {
            headers: iter.into_iter().collect(),
        }
    }
}

impl<'a> IntoIterator for &'a HeaderList {
    type Item = &'a Header;
    type IntoIter = std::slice::Iter<'a, Header>;

    fn into_iter(self) -> Self::IntoIter {
        self.headers.iter()
    }
}

/// Splits a header value on commas the way Chromium's `HttpUtil::ValuesIterator` does for the
/// `#rule` lists of the Access-Control-* headers: items are trimmed of tabs and spaces, a
/// double-quoted string keeps its commas, and empty items are kept (callers decide).
pub fn split_list(value: &[u8]) -> Vec<&[u8]> {
    let mut items = Vec::new();
    let mut start = 0usize;
    let mut in_quotes = false;
    for (i, &b) in value.iter().enumerate() {
        match b {
            b'"' => in_quotes = !in_quotes,
            b',' if !in_quotes => {
                items.push(trim_bytes(
                    value.get(start..i).unwrap_or(&[]),
                    is_http_tab_or_space,
                ));
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(trim_bytes(
        value.get(start..).unwrap_or(&[]),
        is_http_tab_or_space,
    ));
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_bytes() {
        for (name, input, expected) in [
            ("letters", &b"Content-Type"[..], true),
            ("star", b"*", true),
            ("empty", b"", false),
            ("space inside", b"bad header", false),
            ("colon", b"a:b", false),
            ("non-ascii", b"caf\xe9", false),
            ("tilde and pipe", b"~|", true),
        ] {
            assert_eq!(is_token(input), expected, "{name}");
        }
    }

    #[test]
    fn get_combines_in_order() {
        let mut list = HeaderList::new();
        list.append(b"Access-Control-Allow-Origin", b"https://a.example");
        list.append(b"X-Other", b"1");
        list.append(b"access-control-allow-origin", b"https://b.example");
        assert_eq!(
            list.get("ACCESS-CONTROL-ALLOW-ORIGIN").as_deref(),
            Some(&b"https://a.example, https://b.example"[..])
        );
        assert_eq!(list.get("missing"), None);
        // append reuses the casing of the first header of that name.
        assert_eq!(
            list.iter().nth(2).map(|h| h.name.as_slice()),
            Some(&b"Access-Control-Allow-Origin"[..])
        );
    }

    #[test]
    fn set_keeps_first_position() {
        let mut list: HeaderList = [
            Header::new("A", "1"),
            Header::new("B", "2"),
            Header::new("a", "3"),
        ]
        .into_iter()
        .collect();
        list.set("a", b"x");
        let flat: Vec<_> = list
            .iter()
            .map(|h| (to_display(&h.name), to_display(&h.value)))
            .collect();
        assert_eq!(
            flat,
            vec![("A".into(), "x".into()), ("B".into(), "2".into())]
        );
    }

    #[test]
    fn normalize_strips_http_whitespace_only() {
        assert_eq!(normalize_header_value(b" \t\r\nv a\x0b \n"), b"v a\x0b");
        assert_eq!(normalize_header_value(b"   "), b"");
    }

    #[test]
    fn header_values() {
        assert!(is_header_value(b""));
        assert!(is_header_value(b"a b"));
        assert!(!is_header_value(b" a"));
        assert!(!is_header_value(b"a\x00b"));
        assert!(!is_header_value(b"a\nb"));
    }

    #[test]
    fn list_split() {
        assert_eq!(
            split_list(b" GET ,, POST,"),
            vec![&b"GET"[..], b"", b"POST", b""]
        );
        assert_eq!(split_list(b"\"a,b\", c"), vec![&b"\"a,b\""[..], b"c"]);
    }
}
