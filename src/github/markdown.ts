/** Markdown helpers for text that comes from the governed repository (data, never markup): one copy, beside the
 * decision renderer (src/gate/render/markdown-text.ts). */
export { code, escapeMd } from '../gate/render/markdown-text.js';
