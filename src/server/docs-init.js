// Starts Swagger UI on /docs over our OpenAPI document (a file, not an inline script,
// so the page keeps the strict Content Security Policy).
window.ui = SwaggerUIBundle({
  url: "/openapi.json",
  dom_id: "#swagger-ui",
  deepLinking: true,
});
