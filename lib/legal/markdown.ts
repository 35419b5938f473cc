import { Marked, type Tokens } from "marked";

/**
 * Markdown -> HTML for legal documents, with `marked` (GFM: tables, lists, autolinks).
 *
 * Defensive although only Axys staff publish documents: raw HTML in the Markdown is never passed
 * through but shown as text (the `html` hook escapes it), links and images only keep http(s),
 * mailto and in-page/relative targets (no `javascript:` or `data:`), and every link gets
 * rel="noopener noreferrer". Everything else marked emits is its own escaped output, so no separate
 * HTML sanitiser is needed.
 */
export function escapeHtml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** The URL if it is safe to put in href/src, else null. */
export function safeUrl(href: string, { allowMailto = true } = {}): string | null {
  const url = href.trim();
  if (url === "") return null;
  // Control characters and whitespace can hide a scheme from naive checks ("java\tscript:").
  if (/[\u0000-\u001f\u007f\s]/.test(url)) return null;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined) return url.startsWith("//") ? null : url; // relative, in-page (#...) or path
  if (scheme === "http" || scheme === "https" || (allowMailto && scheme === "mailto")) return url;
  return null;
}

const marked = new Marked({
  gfm: true,
  breaks: false,
  async: false,
  renderer: {
    html(token: Tokens.HTML | Tokens.Tag) {
      return token.block ? `<p>${escapeHtml(token.text.trim())}</p>\n` : escapeHtml(token.text);
    },
    link({ href, title, tokens }: Tokens.Link) {
      const inner = this.parser.parseInline(tokens);
      const url = safeUrl(href);
      if (url === null) return inner;
      const external = /^https?:/i.test(url);
      return `<a href="${escapeHtml(url)}"${title ? ` title="${escapeHtml(title)}"` : ""} rel="noopener noreferrer"${external ? ' target="_blank"' : ""}>${inner}</a>`;
    },
    image({ href, title, text }: Tokens.Image) {
      const url = safeUrl(href, { allowMailto: false });
      if (url === null) return escapeHtml(text);
      return `<img src="${escapeHtml(url)}" alt="${escapeHtml(text)}"${title ? ` title="${escapeHtml(title)}"` : ""} loading="lazy" referrerpolicy="no-referrer">`;
    },
  },
});

export function renderMarkdown(markdown: string): string {
  return marked.parse(markdown, { async: false }) as string;
}
