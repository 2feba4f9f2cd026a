// Swagger UI over Parley's /openapi.json (served by api/ApiDocsPage; no inline script: the page's
// CSP allows scripts from Parley itself only)
window.addEventListener("load", function () {
  var root = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({
    url: root.getAttribute("data-spec-url"),
    domNode: root,
    deepLinking: true,
    // no badge from an outside validator service: the page loads nothing from elsewhere
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
