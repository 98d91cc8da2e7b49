/* Progressive enhancement for the portal: every page works without it. Served locally (CSP: script-src 'self'). */
(function () {
  "use strict";
  // Progress bars carry their value in aria-valuenow; inline styles are barred by the CSP.
  document.querySelectorAll(".progress[aria-valuenow] > span").forEach(function (bar) {
    bar.style.width = bar.parentNode.getAttribute("aria-valuenow") + "%";
  });
  // One question per screen: picking a single answer moves focus to "Next".
  var form = document.querySelector('[data-testid="question-form"]');
  if (form) {
    form.addEventListener("change", function (event) {
      if (event.target.type === "radio") { form.querySelector('[data-testid="next"]').focus(); }
    });
  }
  // A form is sent once: its submit button is disabled while the next page loads.
  document.querySelectorAll("main form").forEach(function (f) {
    f.addEventListener("submit", function () {
      var button = f.querySelector('button[type="submit"]');
      if (button) { setTimeout(function () { button.disabled = true; }, 0); }
    });
  });
})();
