// Wiring only: the worker's features (vault, capture, message router) arrive with later issues.
export default defineBackground(() => {
  // Nothing to wire yet; the worker must exist so that the extension loads and can be woken.
});
