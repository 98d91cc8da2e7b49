// The desk's "reveal" buttons beside masked sensitive inputs (desk/sensitive.py MaskedInput): a POST
// fetches the value (the server writes an Audit Log row) and puts it in the input for editing.
document.addEventListener("click", async (event) => {
  const button = event.target.closest(".crm-reveal");
  if (!button) return;
  const input = document.getElementById(button.dataset.target);
  const token = document.querySelector("input[name=csrfmiddlewaretoken]");
  const response = await fetch(button.dataset.revealUrl, {
    method: "POST",
    headers: { "X-Frappe-CSRF-Token": token ? token.value : "" },  // the site's CSRF_HEADER_NAME (Frappe's)
    credentials: "same-origin",
  });
  if (!response.ok) return;
  const data = await response.json();
  if (input) {
    input.value = data.value;
    input.placeholder = "";
  }
  button.disabled = true;
});
