//! The CORS-preflight cache: what a successful preflight lets later requests skip.

use crate::headers::HeaderList;
use crate::preflight::{
    HeaderAllowance, MethodAllowance, PreflightResult, header_allowance, method_allowance,
};
use crate::profile::Profile;
use crate::safelist::UnsafeNames;

/// A cache entry: the preflight result for one (origin, URL).
/// <https://fetch.spec.whatwg.org/#concept-cache>
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CacheEntry {
    /// The request's origin, serialized (the page's own origin, even after a redirect taints it).
    pub origin: String,
    /// The URL.
    pub url: String,
    /// What the preflight allowed, and for how long.
    pub result: PreflightResult,
}

/// A preflight cache, for the requests of one scenario.
/// <https://fetch.spec.whatwg.org/#cors-preflight-cache>
#[derive(Clone, Debug, Default)]
pub struct PreflightCache {
    entries: Vec<CacheEntry>,
}

/// Whether a cached entry can stand in for a preflight.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CacheLookup {
    /// No entry for this origin and URL, or it has expired.
    Miss,
    /// An entry exists but does not allow this request.
    Insufficient,
    /// The entry allows the request: no preflight is sent.
    Hit,
}

impl PreflightCache {
    /// Adds a successful preflight's result. An entry with a max-age of 0 is never stored.
    /// <https://fetch.spec.whatwg.org/#concept-cache-create-entry>
    pub fn append(&mut self, entry: CacheEntry) {
        if entry.result.max_age.seconds == 0 {
            return;
        }
        self.entries
            .retain(|e| !(e.origin == entry.origin && e.url == entry.url));
        self.entries.push(entry);
    }

    /// Looks up an entry that allows a request: same origin and URL, a credentialed entry for a
    /// credentialed request, the method and every CORS-unsafe header allowed.
    /// <https://fetch.spec.whatwg.org/#concept-cache-match>
    ///
    /// Whether `*` covers `Authorization` here is the profile's
    /// [`cache_wildcard_covers_authorization`](Profile::cache_wildcard_covers_authorization):
    /// CHROMIUM never lets it, so such a request is preflighted every time even though each
    /// preflight passes.
    pub fn lookup(
        &self,
        origin: &str,
        url: &str,
        credentials: bool,
        method: &str,
        unsafe_names: &UnsafeNames,
        headers: &HeaderList,
        profile: &Profile,
    ) -> CacheLookup {
        let Some(entry) = self
            .entries
            .iter()
            .find(|e| e.origin == origin && e.url == url)
        else {
            return CacheLookup::Miss;
        };
        if credentials && !entry.result.credentials {
            return CacheLookup::Insufficient;
        }
        let strict = Profile {
            authorization_covered_by_wildcard: profile.cache_wildcard_covers_authorization,
            ..profile.clone()
        };
        let method_ok = !matches!(
            method_allowance(&entry.result, method),
            MethodAllowance::Denied { .. }
        );
        let headers_ok = !matches!(
            header_allowance(&entry.result, unsafe_names, headers, &strict),
            HeaderAllowance::Denied { .. }
        );
        if method_ok && headers_ok {
            CacheLookup::Hit
        } else {
            CacheLookup::Insufficient
        }
    }
}
