// The hosts both IDNA builds are tested with (`include!`d): the main workspace's (ICU4X, in
// web/src/idna_tests.rs) and the page's (the browser's URL parser, in web/page/idna/src/tests.rs).

/// Hosts as typed, and the host the URL parser makes of them (`None`: not a valid URL).
const HOSTS: &[(&str, Option<&str>)] = &[
    ("https://bücher.example/", Some("xn--bcher-kva.example")),
    ("https://BÜCHER.Example/", Some("xn--bcher-kva.example")),
    ("https://ｂüｃｈｅｒ.example/", Some("xn--bcher-kva.example")),
    ("https://XN--BCHER-KVA.example/", Some("xn--bcher-kva.example")),
    ("https://münchen.de/", Some("xn--mnchen-3ya.de")),
    ("https://faß.de/", Some("xn--fa-hia.de")),
    ("https://例え.テスト/", Some("xn--r8jz45g.xn--zckzah")),
    ("https://例え。テスト/", Some("xn--r8jz45g.xn--zckzah")),
    ("https://１２７.０.０.１/", Some("127.0.0.1")),
    ("https://Api.Example.COM/", Some("api.example.com")),
    ("https://bücher.example./", Some("xn--bcher-kva.example.")),
    ("https://a\u{FF0F}b.example/", None),
    ("https://\u{00AD}/", None),
    ("https://a b.example/", None),
    ("https://bü%63her.example/", Some("xn--bcher-kva.example")),
];
