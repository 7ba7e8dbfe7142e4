import { useEffect, useSyncExternalStore } from "react";

/** The merchant center's pages. A History API router: a handful of pages need no routing library. */
export type Route =
  | { name: "dashboard" }
  | { name: "orders" }
  | { name: "order"; orderId: string }
  | { name: "inventory" }
  | { name: "promotions" }
  | { name: "gift_cards" }
  | { name: "emails" }
  | { name: "returns" }
  | { name: "webhooks" }
  | { name: "not_found" };

export const base = "/admin";

export function parseRoute(pathname: string): Route {
  const path = pathname.startsWith(base) ? pathname.slice(base.length) : pathname;
  const clean = path.replace(/\/+$/, "");
  if (clean === "" || clean === "/dashboard") return { name: "dashboard" };
  if (clean === "/orders") return { name: "orders" };
  const order = /^\/orders\/([\w-]+)$/.exec(clean);
  if (order?.[1]) return { name: "order", orderId: order[1] };
  if (clean === "/inventory") return { name: "inventory" };
  if (clean === "/promotions") return { name: "promotions" };
  if (clean === "/gift-cards") return { name: "gift_cards" };
  if (clean === "/emails") return { name: "emails" };
  if (clean === "/returns") return { name: "returns" };
  if (clean === "/webhooks") return { name: "webhooks" };
  return { name: "not_found" };
}

const listeners = new Set<() => void>();

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  window.addEventListener("popstate", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("popstate", listener);
  };
}

/** Goes to an app path ("/orders?q=…", relative to /admin). */
export function navigate(path: string, options: { replace?: boolean } = {}): void {
  const url = `${base}${path}`;
  if (options.replace) window.history.replaceState(null, "", url);
  else window.history.pushState(null, "", url);
  for (const l of listeners) l();
  if (!options.replace) window.scrollTo(0, 0);
}

export function useLocation(): { pathname: string; search: string } {
  const href = useSyncExternalStore(subscribe, () => window.location.pathname + window.location.search);
  const [pathname = "", query = ""] = href.split("?");
  return { pathname, search: query };
}

/** Sets the document title and moves focus to the page heading, so screen readers hear the new page. */
export function usePageTitle(title: string, headingRef: { current: HTMLElement | null }): void {
  useEffect(() => {
    document.title = `${title} · Merchant center`;
    headingRef.current?.focus();
  }, [title, headingRef]);
}
