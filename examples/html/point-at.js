// Lets a test point the page at a deployment of its own (?deploymentId=…&endpoint=…). It runs while the
// page is parsed, before the deferred widget script upgrades the element, so the widget starts with them.
const params = new URLSearchParams(location.search);
const chat = document.querySelector('genesys-chat');
for (const [param, attribute] of [['deploymentId', 'deployment-id'], ['endpoint', 'endpoint']]) {
  if (params.has(param)) chat.setAttribute(attribute, params.get(param));
}
