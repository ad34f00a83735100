// The kiosk's waiting page (see offline.html): poll the hub's /healthz and open the wall once it
// answers. Plain script, no modules and no build step, so it runs from file:// as well.
(function () {
  'use strict';
  var RETRY_MS = 3000;
  var TIMEOUT_MS = 2500;
  var params = new URLSearchParams(location.search);
  var fromHub = location.protocol === 'http:' || location.protocol === 'https:';
  var hub = params.get('hub') || (fromHub ? location.origin : 'http://127.0.0.1:8080');
  var to = params.get('to') || '/';
  var status = document.getElementById('status');
  var detail = document.getElementById('detail');
  var tries = 0;

  var base;
  try {
    base = new URL(hub);
    if (base.protocol !== 'http:' && base.protocol !== 'https:') throw new Error('not http');
  } catch (e) {
    status.textContent = 'The kiosk start address is wrong: ?hub= must be the hub, e.g. http://192.168.1.20:8080';
    return;
  }
  // Only a path on the hub: never an address elsewhere.
  if (to.charAt(0) !== '/' || to.charAt(1) === '/') to = '/';
  var target = new URL(to, base.origin).href;
  var health = base.origin + '/healthz';

  function check() {
    tries++;
    var controller = typeof AbortController === 'function' ? new AbortController() : null;
    var timer = setTimeout(function () { if (controller) controller.abort(); }, TIMEOUT_MS);
    // From file:// the hub is another origin and sends no CORS headers: an opaque answer still
    // proves it is up, a network error proves it is not.
    var sameOrigin = fromHub && base.origin === location.origin;
    fetch(health, { cache: 'no-store', mode: sameOrigin ? 'same-origin' : 'no-cors', signal: controller ? controller.signal : undefined })
      .then(function (res) {
        clearTimeout(timer);
        if (res.type === 'opaque' || res.ok) {
          status.textContent = 'The hub answered. Opening the dream…';
          location.replace(target);
          return;
        }
        retry('the hub answered ' + res.status);
      })
      .catch(function () {
        clearTimeout(timer);
        retry('no answer from ' + base.host);
      });
  }

  function retry(why) {
    status.textContent = 'Waiting for the hub at ' + base.host + '…';
    detail.textContent = why + ' · try ' + tries + ' · again in ' + RETRY_MS / 1000 + ' s';
    setTimeout(check, RETRY_MS);
  }

  check();
})();
