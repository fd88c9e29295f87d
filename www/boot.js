// Starts the page. A file of its own (not an inline script) so that the page's
// Content-Security-Policy can forbid inline scripts: script-src 'self' 'wasm-unsafe-eval'.
//
// Embed mode (?embed or #…&embed): mark the page, and when framed, tell the parent page how tall
// it is so the <iframe> can size itself. No network request is involved.
(function () {
  var q = location.search.slice(1).split('&'), h = location.hash.slice(1).split('&');
  var embed = q.some(function (p) { return p === 'embed' || p.indexOf('embed=') === 0; }) ||
    h.indexOf('embed') >= 0;
  if (!embed) return;
  document.documentElement.classList.add('embedded');
  if (window.parent === window || typeof ResizeObserver === 'undefined') return;
  var last = 0;
  function post() {
    var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ corsim: 'height', height: height }, '*');
    }
  }
  new ResizeObserver(post).observe(document.documentElement);
  addEventListener('load', post);
})();
