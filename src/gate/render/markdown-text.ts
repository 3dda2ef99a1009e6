/** Markdown escaping for text that comes from the governed repository (data, never markup). */

/** Escapes characters that would turn data into Markdown or HTML structure. */
export function escapeMd(text: string): string {
  return (
    text
      .replace(/\\/g, '\\\\')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      // Intraword `_` never emphasises on GitHub, so identifiers like ready_for_review stay readable.
      .replace(/([`*[\]|])/g, '\\$1')
      .replace(/\r?\n/g, ' ')
  );
}

/** Inline code that cannot be broken out of (backticks inside are replaced). */
export function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\r?\n/g, ' ')}\``;
}

/** Table cells: no pipes, no newlines, no raw HTML. */
export function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r?\n/g, ' ');
}
