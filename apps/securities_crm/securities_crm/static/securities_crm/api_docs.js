// Starts Swagger UI on /api/docs with the spec URL given on the script tag (no inline script).
window.addEventListener("load", function () {
  var spec = document.getElementById("api-docs-init").getAttribute("data-spec");
  window.ui = SwaggerUIBundle({
    url: spec,
    dom_id: "#swagger-ui",
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
    layout: "StandaloneLayout",
  });
});
