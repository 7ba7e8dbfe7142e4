import { useEffect, useSyncExternalStore } from "react";

/** A tiny History API router: a handful of pages do not justify a routing library in the checkout bundle. */
export type Route =
  | { name: "products" }
  | { name: "product"; handle: string }
  | { name: "checkout" }
  | { name: "confirmation"; orderNumber: string }
  | { name: "order_status"; orderId: string }
  | { name: "cart_link"; action: "restore" | "unsubscribe" }
  | { name: "account_orders" }
  | { name: "not_found" };

export function parseRoute(pathname: string): Route {
  if (pathname === "/" || pathname === "") return { name: "products" };
  const product = /^\/products\/([\w-]+)\/?$/.exec(pathname);
  if (product?.[1]) return { name: "product", handle: product[1] };
  if (/^\/checkout\/?$/.test(pathname)) return { name: "checkout" };
  if (/^\/account\/orders\/?$/.test(pathname)) return { name: "account_orders" };
  // The links in cart reminder emails (their signed token rides in the fragment).
  const cartLink = /^\/cart\/(restore|unsubscribe)\/?$/.exec(pathname);
  if (cartLink?.[1]) return { name: "cart_link", action: cartLink[1] as "restore" | "unsubscribe" };
  // Order ids are always `ord_<hex>` while numbers carry a configurable prefix (CW-1001), so the
  // id's shape tells the status page (email link) from the confirmation (right after paying).
  const status = /^\/orders\/(ord_[0-9a-f]+)\/?$/.exec(pathname);
  if (status?.[1]) return { name: "order_status", orderId: status[1] };
  const order = /^\/orders\/([\w-]+)\/?$/.exec(pathname);
  if (order?.[1]) return { name: "confirmation", orderNumber: order[1] };
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

export function navigate(path: string, options: { replace?: boolean } = {}): void {
  if (options.replace) window.history.replaceState(null, "", path);
  else window.history.pushState(null, "", path);
  for (const l of listeners) l();
  window.scrollTo(0, 0);
}

export function usePathname(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

/** Sets the document title and moves focus to the page heading, so screen readers hear the new page. */
export function usePageTitle(title: string, headingRef: { current: HTMLElement | null }): void {
  useEffect(() => {
    document.title = `${title} · Cartwright Store`;
    headingRef.current?.focus();
  }, [title, headingRef]);
}
