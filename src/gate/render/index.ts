import type { Decision } from '../evaluate.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export { renderJson, decisionDocument } from './json.js';
export { renderMarkdown, renderMarkdownTree } from './markdown.js';
export { renderSarif, renderSarifLog, ruleIdFor, type SarifOptions } from './sarif.js';
export { renderText, summaryLine, GLYPH } from './text.js';

export type DecisionFormat = 'text' | 'json' | 'markdown' | 'sarif';

/** Render a decision in one of the `check --format` formats. */
export function renderDecision(
  d: Decision,
  format: DecisionFormat,
  opts: { color?: boolean; version?: string; rootFile?: string } = {},
): string {
  switch (format) {
    case 'json':
      return renderJson(d);
    case 'markdown':
      return renderMarkdown(d);
    case 'sarif':
      return renderSarif(d, {
        ...(opts.version ? { version: opts.version } : {}),
        ...(opts.rootFile ? { rootFile: opts.rootFile } : {}),
      });
    default:
      return renderText(d, opts.color !== undefined ? { color: opts.color } : {});
  }
}
