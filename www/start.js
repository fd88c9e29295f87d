// Loads the WebAssembly simulator (preloaded by index.html) and starts it.
import init from './pkg/corsim.js';

init().catch(function (e) {
  var app = document.getElementById('app');
  if (app) app.textContent = 'corsim could not start in this browser: ' + e;
});
