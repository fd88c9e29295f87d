// Prepares the pre-rendered page before it is shown. A file of its own (not an inline script) so
// that the page's Content-Security-Policy can forbid inline scripts: script-src 'self'
// 'wasm-unsafe-eval'. Nothing here makes a network request.
//
// - Embed mode (?embed or #…&embed): mark the page, and when framed, tell the parent page how
//   tall it is so the <iframe> can size itself.
// - A URL that asks for another view than the pre-rendered example (a permalink, the embed view):
//   mark the page `pending`, so the stylesheet hides the example until the simulator has
//   replaced it (`html[data-live]`).
// - The primer next to the verdict opens on a wide screen the first time, as the simulator's own
//   first render does (web/src/components/primer.rs), so that hydrating it changes nothing.
(function () {
  var root = document.documentElement;
  var q = location.search.slice(1).split('&'), h = location.hash.slice(1).split('&');
  var embed = q.some(function (p) { return p === 'embed' || p.indexOf('embed=') === 0; }) ||
    h.indexOf('embed') >= 0;
  if (embed || location.hash.length > 1) root.classList.add('pending');
  document.addEventListener('DOMContentLoaded', function () {
    var primer = document.getElementById('primer');
    var seen = null;
    try { seen = localStorage.getItem('corsim-primer-seen'); } catch (e) { seen = 'unknown'; }
    if (primer && seen === null && matchMedia('(min-width: 960px)').matches) primer.open = true;
  });
  if (!embed) return;
  root.classList.add('embedded');
  if (window.parent === window || typeof ResizeObserver === 'undefined') return;
  var last = 0;
  function post() {
    var height = Math.ceil(root.getBoundingClientRect().height);
    if (height !== last) {
      last = height;
      window.parent.postMessage({ corsim: 'height', height: height }, '*');
    }
  }
  new ResizeObserver(post).observe(root);
  addEventListener('load', post);
})();
