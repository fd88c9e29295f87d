// Loads the WebAssembly simulator (preloaded by index.html) and starts it: it hydrates the
// pre-rendered example, or renders the view the URL asks for (web/page/src/lib.rs).
//
// It starts in the task after the first animation frame, once the browser has painted the
// pre-rendered page: compiling, instantiating and hydrating would otherwise hold back that first
// paint (measured on loopback, first contentful paint, median of 15 alternating loads: 548 →
// 460 ms on the loaded 2-core machine). A hidden tab or an off-screen frame gets no animation
// frames: there a timer starts it after a second.
import init from './pkg/corsim.js';

var started = false;
function start() {
  if (started) return;
  started = true;
  init().catch(function (e) {
    var app = document.getElementById('app');
    document.documentElement.classList.remove('pending');
    if (app) app.textContent = 'corsim could not start in this browser: ' + e;
  });
}

requestAnimationFrame(function () { setTimeout(start, 0); });
setTimeout(start, 1000);
