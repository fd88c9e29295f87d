// Loads the WebAssembly simulator (preloaded by index.html) and starts it: it hydrates the
// pre-rendered example, or renders the view the URL asks for (web/page/src/lib.rs).
import init from './pkg/corsim.js';

init().catch(function (e) {
  var app = document.getElementById('app');
  document.documentElement.classList.remove('pending');
  if (app) app.textContent = 'corsim could not start in this browser: ' + e;
});
