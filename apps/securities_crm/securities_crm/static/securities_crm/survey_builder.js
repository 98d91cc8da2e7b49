// The survey builder's preview: send the questions as they are typed (not yet saved) and draw the portal
// form in Chinese and English, each in a phone-wide frame, or show the error naming the question.
(function () {
  var timer = null;
  function run() {
    var box = document.getElementById("survey-preview");
    var field = document.getElementById("id_questions");
    var errors = document.getElementById("survey-preview-errors");
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    var text = field ? field.value : (document.querySelector(".field-questions .readonly") || {}).textContent;
    var body = new URLSearchParams();
    body.set("questions", text || "[]");
    fetch(box.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Frappe-CSRF-Token": token ? token.value : "" },
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        errors.textContent = data.errors ? data.errors.join(" ") : "";
        if (data.zh) {
          document.getElementById("survey-preview-zh").srcdoc = data.zh;
          document.getElementById("survey-preview-en").srcdoc = data.en;
        }
      });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("survey-preview")) return;
    var field = document.getElementById("id_questions");
    if (field) {
      field.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 400); });
    }
    run();
  });
})();
