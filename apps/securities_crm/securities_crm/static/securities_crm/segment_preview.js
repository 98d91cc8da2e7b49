// The Segment form's preview: send the rule and parameters as they are typed (not yet saved) and show
// how many clients match, with a sample, or the errors that name what does not fit.
(function () {
  function run() {
    var box = document.getElementById("segment-preview");
    var out = document.getElementById("segment-preview-result");
    var list = document.getElementById("segment-preview-sample");
    var value = function (id) { var el = document.getElementById(id); return el ? el.value : ""; };
    var token = document.querySelector("[name=csrfmiddlewaretoken]");
    var body = new URLSearchParams();
    body.set("rule", value("id_rule") || "{}");
    body.set("parameters", value("id_parameters") || "{}");
    body.set("kind", value("id_kind") || box.dataset.kind || "Rule");
    out.textContent = "…";
    list.innerHTML = "";
    fetch(box.dataset.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-Frappe-CSRF-Token": token ? token.value : "" },  // the site's CSRF_HEADER_NAME, as Frappe
    })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        if (data.errors) {
          out.className = "ml-2 text-red-600";
          out.textContent = data.errors.join(" ");
          return;
        }
        out.className = "ml-2 font-semibold";
        out.textContent = data.text;
        (data.sample || []).forEach(function (row) {
          var li = document.createElement("li");
          var a = document.createElement("a");
          a.href = row.url;
          a.className = "underline";
          a.textContent = row.name + " " + row.client_name;
          li.appendChild(a);
          list.appendChild(li);
        });
      });
  }
  document.addEventListener("click", function (e) {
    if (e.target && e.target.id === "segment-preview-run") run();
  });
})();
