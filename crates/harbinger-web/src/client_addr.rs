//! The client's address, decided once per request: the socket peer, or, when the peer is a
//! trusted proxy, the first untrusted hop of its forwarding header read from the right.
//!
//! Every per-address rule reads [`ClientAddr`]: the per-IP rate limits, login throttling, the
//! audit rows and the address a session records. Nothing else looks at the socket or at the
//! forwarding headers, so a header sent by anyone but a trusted proxy is never believed (a
//! client could otherwise rotate it to escape every per-address limit, or name someone else's
//! address to throttle them).

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use http::{HeaderMap, HeaderName, header};
use ipnet::IpNet;

const X_FORWARDED_FOR: HeaderName = HeaderName::from_static("x-forwarded-for");

/// The networks whose forwarding headers are believed (`http.trusted_proxies`); empty: none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// Parses CIDRs such as `10.0.0.0/8` or `fd00::/8`; a bare address is a network of one.
    /// The error names the first entry that is neither.
    pub fn parse<S: AsRef<str>>(entries: &[S]) -> Result<Self, String> {
        entries
            .iter()
            .map(|e| {
                let e = e.as_ref().trim();
                e.parse::<IpNet>()
                    .map(|n| n.trunc())
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("{e:?} is not a CIDR such as 10.0.0.0/8 or fd00::/8"))
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Self)
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|n| n.contains(&ip))
    }
}

/// Where a request came from, as the stack decided it ([`resolve`]); `None` only when the
/// server was reached without a socket (a router driven in-process).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub Option<IpAddr>);

impl ClientAddr {
    /// The address the stack attached to the request.
    pub(crate) fn of(extensions: &http::Extensions) -> Self {
        extensions.get::<Self>().copied().unwrap_or(Self(None))
    }

    /// The address as limiter keys and audit rows write it (`unknown` without one).
    pub(crate) fn key(self) -> String {
        self.0
            .map_or_else(|| "unknown".to_owned(), |ip| ip.to_string())
    }
}

/// Attaches the request's [`ClientAddr`]; runs first in the stack, before anything reads it.
pub(crate) fn attach<B>(mut req: http::Request<B>, trusted: &TrustedProxies) -> http::Request<B> {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let addr = peer.map(|p| resolve(p, req.headers(), trusted));
    req.extensions_mut().insert(ClientAddr(addr));
    req
}

/// The client behind `peer`. Only a trusted peer's forwarding header is read: `X-Forwarded-For`
/// when present, else `Forwarded` (RFC 7239 `for=`), so a trusted proxy must set or append to
/// the header it uses. Hops are walked from the right, skipping trusted ones; the first
/// untrusted hop is the client. A hop that is not an address (`unknown`, an obfuscated name,
/// garbage) ends the walk at the last address that could be vouched for.
pub(crate) fn resolve(peer: IpAddr, headers: &HeaderMap, trusted: &TrustedProxies) -> IpAddr {
    let peer = peer.to_canonical();
    if !trusted.trusts(peer) {
        return peer;
    }
    let hops: Vec<Option<IpAddr>> = if headers.contains_key(X_FORWARDED_FOR) {
        right_to_left(headers, X_FORWARDED_FOR)
            .map(hop_address)
            .collect()
    } else {
        right_to_left(headers, header::FORWARDED)
            .map(forwarded_for)
            .collect()
    };
    let mut client = peer;
    for hop in hops {
        match hop.map(|ip| ip.to_canonical()) {
            Some(ip) if trusted.trusts(ip) => client = ip,
            Some(ip) => return ip,
            None => return client,
        }
    }
    client
}

/// The comma-separated elements of every `name` header, right-most first. A value that is
/// not text counts as one element that is no address.
fn right_to_left(headers: &HeaderMap, name: HeaderName) -> impl Iterator<Item = &str> {
    headers
        .get_all(name)
        .into_iter()
        .rev()
        .flat_map(|v| v.to_str().unwrap_or("?").rsplit(','))
}

/// An address as proxies write it: `192.0.2.1`, `192.0.2.1:443`, `2001:db8::1`,
/// `[2001:db8::1]` or `[2001:db8::1]:443`.
fn hop_address(text: &str) -> Option<IpAddr> {
    let text = text.trim().trim_matches('"');
    text.parse::<IpAddr>()
        .ok()
        .or_else(|| text.parse::<SocketAddr>().ok().map(|s| s.ip()))
        .or_else(|| {
            text.strip_prefix('[')
                .and_then(|t| t.strip_suffix(']'))
                .and_then(|t| t.parse().ok())
        })
}

/// The `for=` address of one `Forwarded` element (`for=192.0.2.60;proto=https`).
fn forwarded_for(element: &str) -> Option<IpAddr> {
    element
        .split(';')
        .filter_map(|pair| pair.split_once('='))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case("for"))
        .and_then(|(_, v)| hop_address(v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn lb() -> TrustedProxies {
        TrustedProxies::parse(&["10.0.0.0/8", "fd00::/8"]).unwrap()
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_claims() {
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("forwarded", "for=5.6.7.8")]);
        assert_eq!(resolve(ip("203.0.113.9"), &h, &lb()), ip("203.0.113.9"));
        let none = TrustedProxies::default();
        assert_eq!(resolve(ip("10.0.0.1"), &h, &none), ip("10.0.0.1"));
    }

    #[test]
    fn the_first_untrusted_hop_from_the_right_is_the_client() {
        // A client-forged left-most entry is ignored: the proxy appended the real one.
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 198.51.100.7, 10.1.1.1")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &lb()), ip("198.51.100.7"));
        // Two header lines read as one list, in order.
        let h = headers(&[
            ("x-forwarded-for", "6.6.6.6"),
            ("x-forwarded-for", "198.51.100.8:5123"),
        ]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &lb()), ip("198.51.100.8"));
        // Every hop trusted: the furthest one.
        let h = headers(&[("x-forwarded-for", "10.9.9.9, 10.1.1.1")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &lb()), ip("10.9.9.9"));
        // No header: the proxy itself.
        assert_eq!(
            resolve(ip("10.0.0.2"), &HeaderMap::new(), &lb()),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn forwarded_is_read_when_there_is_no_x_forwarded_for() {
        let h = headers(&[(
            "forwarded",
            "for=6.6.6.6, for=\"[2001:db8:cafe::17]:4711\";proto=https, for=10.2.2.2;by=10.0.0.2",
        )]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &lb()), ip("2001:db8:cafe::17"));
        let h = headers(&[("forwarded", "For=192.0.2.43;proto=http")]);
        assert_eq!(resolve(ip("fd00::1"), &h, &lb()), ip("192.0.2.43"));
    }

    #[test]
    fn a_hop_that_is_no_address_ends_the_walk_at_the_last_trusted_one() {
        let h = headers(&[("x-forwarded-for", "198.51.100.7, garbage, 10.1.1.1")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &lb()), ip("10.1.1.1"));
        let h = headers(&[("forwarded", "for=198.51.100.7, for=unknown")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &lb()), ip("10.0.0.2"));
        let h = headers(&[("x-forwarded-for", "")]);
        assert_eq!(resolve(ip("10.0.0.2"), &h, &lb()), ip("10.0.0.2"));
    }

    #[test]
    fn ipv4_mapped_peers_match_ipv4_networks() {
        let h = headers(&[("x-forwarded-for", "198.51.100.7")]);
        assert_eq!(
            resolve(ip("::ffff:10.0.0.2"), &h, &lb()),
            ip("198.51.100.7")
        );
        assert_eq!(
            resolve(ip("::ffff:203.0.113.9"), &h, &lb()),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn proxies_parse_as_cidrs_or_single_addresses() {
        let p = TrustedProxies::parse(&[" 10.1.2.3/8", "192.0.2.1", "::1"]).unwrap();
        assert!(p.trusts(ip("10.200.0.1")));
        assert!(p.trusts(ip("192.0.2.1")) && !p.trusts(ip("192.0.2.2")));
        assert!(p.trusts(ip("::1")));
        let err = TrustedProxies::parse(&["10.0.0.0/8", "10.0.0.0/33"]).unwrap_err();
        assert!(err.contains("10.0.0.0/33"), "{err}");
    }
}
