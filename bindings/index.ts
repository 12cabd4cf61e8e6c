// Public API of the Fractal component model runtime.
export { clientToken, attributeToken, deviceToken } from './tokens.js';
export { contents, content, type ContentClass } from './contents.js';
