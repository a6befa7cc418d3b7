//! Which address is requested for each use: a link as the browser would send it (without
//! its `#fragment`, unsafe characters percent-encoded), a DOI through the resolver
//! (`https://doi.org/` unless `KINTSUGI_DOI_RESOLVER` names another), and the host each
//! address belongs to. Pure string work.

/// Where DOIs are resolved unless `KINTSUGI_DOI_RESOLVER` says otherwise.
pub const DOI_RESOLVER: &str = "https://doi.org/";

/// The address requested for a web link: without its fragment (never sent to the server,
/// so `page#a` and `page#b` are one request), with spaces, quotes, non-ASCII text and the
/// like percent-encoded, as a browser sends them.
pub fn web(written: &str) -> String {
    let trimmed = written.trim();
    let without_fragment = trimmed.split_once('#').map_or(trimmed, |(a, _)| a);
    encode(without_fragment, |c| {
        c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '^' | '`' | '{' | '|' | '}')
    })
}

/// The address that resolves `doi` through `resolver` (`https://doi.org/`): the DOI's
/// characters that mean something in an address (`#`, `?`, `%`, space, …) are
/// percent-encoded, as the DOI handbook asks. A DOI written as an address or with a
/// `doi:` prefix is taken as the bare DOI.
pub fn doi(doi: &str, resolver: &str) -> String {
    let doi = doi.trim();
    let bare = [
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ]
    .iter()
    .find_map(|prefix| {
        (doi.len() >= prefix.len() && doi[..prefix.len()].eq_ignore_ascii_case(prefix))
            .then(|| &doi[prefix.len()..])
    })
    .unwrap_or(doi);
    let encoded = encode(bare, |c| {
        c.is_ascii_alphanumeric() || "-._~/:;()!$&'*,=@".contains(c)
    });
    format!("{}/{encoded}", resolver.trim_end_matches('/'))
}

/// Whether `url` is a DOI at a resolver: at `resolver`, or at `doi.org` (a link written
/// as `https://doi.org/10.…` is a DOI too).
pub fn is_doi(url: &str, resolver: &str) -> bool {
    let resolver = resolver.trim_end_matches('/');
    url.strip_prefix(resolver)
        .is_some_and(|rest| rest.starts_with('/'))
        || matches!(host(url).as_str(), "doi.org" | "dx.doi.org")
}

/// `text` with every character that `keep` refuses percent-encoded as UTF-8 bytes.
/// An existing `%XX` escape is kept as it is.
fn encode(text: &str, keep: impl Fn(char) -> bool) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let escape = c == '%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        if escape || (c != '%' && keep(c)) {
            out.push(c);
        } else {
            let mut buf = [0; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// The host (and port, when written) of an address, lowercased: what the per-host
/// rate limit counts by. Empty when the address has none.
pub fn host(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    host.to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_lose_their_fragment_and_unsafe_characters() {
        assert_eq!(web(" https://a.example/x#top "), "https://a.example/x");
        assert_eq!(
            web("https://a.example/a b/é?q=\"x\""),
            "https://a.example/a%20b/%C3%A9?q=%22x%22"
        );
        assert_eq!(
            web("https://a.example/50%25%"),
            "https://a.example/50%25%25"
        );
    }

    #[test]
    fn dois_go_through_the_resolver() {
        assert_eq!(
            doi("10.1073/pnas.1102693108", DOI_RESOLVER),
            "https://doi.org/10.1073/pnas.1102693108"
        );
        assert_eq!(
            doi("https://doi.org/10.1000/a#b c", "http://127.0.0.1:8080"),
            "http://127.0.0.1:8080/10.1000/a%23b%20c"
        );
        assert_eq!(
            doi("doi:10.1002/(SICI)1097-4571<3::AID>", DOI_RESOLVER),
            "https://doi.org/10.1002/(SICI)1097-4571%3C3::AID%3E"
        );
    }

    #[test]
    fn dois_are_known_by_their_resolver() {
        let local = "http://127.0.0.1:8080/doi/";
        assert!(is_doi("http://127.0.0.1:8080/doi/10.1/x", local));
        assert!(!is_doi("http://127.0.0.1:8080/doi-not/10.1/x", local));
        assert!(!is_doi("http://127.0.0.1:8080/ok", local));
        assert!(is_doi("https://doi.org/10.1/x", DOI_RESOLVER));
        assert!(is_doi("http://dx.doi.org/10.1/x", local));
        assert!(!is_doi("https://example.org/10.1/x", DOI_RESOLVER));
    }

    #[test]
    fn hosts_are_authorities_without_user_info() {
        assert_eq!(host("https://WWW.Example.org/a?b"), "www.example.org");
        assert_eq!(host("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
        assert_eq!(host("https://user:pw@a.example"), "a.example");
        assert_eq!(host("https://a.example?x"), "a.example");
    }
}
