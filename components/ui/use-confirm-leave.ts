"use client";
import { useEffect } from "react";

/**
 * While `active` (something on the page would be lost, e.g. a private key not yet downloaded), leaving asks
 * first: closing or reloading the tab and leaving the site get the browser's own `beforeunload` prompt (its
 * text cannot be set), and a link to another portal page, a client-side navigation `beforeunload` never sees,
 * asks `message` with confirm(). The browser's Back button is not intercepted.
 */
export function useConfirmLeave(active: boolean, message: string) {
  useEffect(() => {
    if (!active) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = ""; // older Chromium shows the prompt only with returnValue set
    };
    // capture phase on document: runs before React's listener on the root, so next/link never starts navigating
    const onClick = (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const link = e.target instanceof Element ? e.target.closest("a[href]") : null;
      if (
        !(link instanceof HTMLAnchorElement) ||
        link.hasAttribute("download") ||
        (link.target && link.target !== "_self")
      )
        return;
      const to = new URL(link.href, window.location.href);
      if (to.origin !== window.location.origin) return; // a full page load: beforeunload asks
      if (to.pathname === window.location.pathname && to.search === window.location.search) return;
      if (window.confirm(message)) return;
      e.preventDefault();
      e.stopPropagation();
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    document.addEventListener("click", onClick, true);
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      document.removeEventListener("click", onClick, true);
    };
  }, [active, message]);
}
