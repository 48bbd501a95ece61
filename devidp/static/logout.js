// After logout: let every service's front-channel frame load, then go back to the service.
// Without JavaScript the "Gå tilbake til tjenesten" link does the same.
(function () {
  "use strict";
  var frames = document.querySelectorAll("iframe.frontchannel");
  var link = document.getElementById("continue");
  if (!link) return;
  var left = frames.length;
  var go = function () { window.location.replace(link.href); };
  if (left === 0) { go(); return; }
  frames.forEach(function (frame) {
    frame.addEventListener("load", function () { left -= 1; if (left === 0) go(); });
  });
  window.setTimeout(go, 3000);  // a service that never answers must not keep the person here
})();
