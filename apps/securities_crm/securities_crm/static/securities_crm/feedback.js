// Skip logic in a survey form: a question with data-show-if is shown only when the earlier question's
// answer is in its set. The server applies the same rule (survey/questions.py) and drops hidden answers.
(function () {
  function chosen(form, key) {
    return Array.from(form.querySelectorAll('[name="' + key + '"]:checked')).map(function (i) { return i.value; });
  }
  function follow(form) {
    form.querySelectorAll("fieldset[data-show-if]").forEach(function (box) {
      var rule = JSON.parse(box.dataset.showIf);
      var wanted = rule["in"].map(String);
      var show = chosen(form, rule.question).some(function (v) { return wanted.indexOf(v) >= 0; });
      box.hidden = !show;
      box.querySelectorAll("input, textarea").forEach(function (i) { i.disabled = !show; });
    });
  }
  document.querySelectorAll("form[data-survey]").forEach(function (form) {
    form.addEventListener("change", function () { follow(form); });
    follow(form);
  });
})();
