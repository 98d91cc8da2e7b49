/* Reading tracking for a learning-centre article: time spent (while the page is visible) and reaching
   the end, sent to the server every 20 seconds and when the page is hidden. The page works without it. */
(function () {
  "use strict";
  var article = document.querySelector('[data-testid="article"]');
  if (!article) { return; }
  var url = article.getAttribute("data-progress-url");
  var token = (document.querySelector("input[name=csrfmiddlewaretoken]") || {}).value || "";
  var since = Date.now(), reachedEnd = false, sentEnd = false;
  function send() {
    var seconds = document.visibilityState === "visible" ? Math.round((Date.now() - since) / 1000) : 0;
    since = Date.now();
    if (!seconds && (!reachedEnd || sentEnd)) { return; }
    var body = new FormData();
    body.append("seconds", seconds);
    if (reachedEnd) { body.append("end", "1"); sentEnd = true; }
    fetch(url, { method: "POST", body: body, headers: { "X-CSRFToken": token }, credentials: "same-origin", keepalive: true });
  }
  var end = document.getElementById("article-end");
  if (end && "IntersectionObserver" in window) {
    new IntersectionObserver(function (entries) {
      if (entries.some(function (e) { return e.isIntersecting; })) { reachedEnd = true; send(); }
    }).observe(end);
  }
  setInterval(send, 20000);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "hidden") { send(); } else { since = Date.now(); } });
})();
