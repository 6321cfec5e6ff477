/** Text as HTML content or a quoted attribute value: every character that could end either is escaped. */
export function esc(s: string | number): string {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** A fragment identifier made of the characters every browser and CSS.escape agree on. */
export function anchor(prefix: string, ...parts: string[]): string {
  return `${prefix}-${parts.join('-').replace(/[^A-Za-z0-9_.-]/g, (c) => `_${c.charCodeAt(0).toString(16)}`)}`;
}

/** The API map's inline markdown (`code`, **bold**) as HTML, after escaping everything else. */
export function inlineMarkdown(s: string): string {
  return esc(s)
    .replace(/\*\*(.+?)\*\*/g, '<b>$1</b>')
    .replace(/`([^`]+)`/g, '<code>$1</code>');
}
