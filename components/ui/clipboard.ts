/**
 * Puts text on the clipboard: the Clipboard API where the page may use it, else a selected off-screen textarea and
 * the copy command (plain-HTTP intranet hosts, older browsers). Answers whether it worked; focus returns to `back`.
 * Browser-only; called from a click handler (the Clipboard API needs the user's gesture).
 */
export async function writeClipboard(text: string, back: HTMLElement | null): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // denied (e.g. a permissions policy): try the old way
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.readOnly = true;
  area.className = "fixed top-0 left-0 opacity-0";
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  area.remove();
  back?.focus();
  return ok;
}

/** How long a copy button shows "Copied". */
export const COPIED_MS = 2000;

/** The toast when the browser refuses the copy. */
export const COPY_REFUSED = "Copying is blocked by the browser: select the text and copy it by hand.";
