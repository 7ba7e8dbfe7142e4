import { api } from "../api/client.ts";
import type { Device, FunnelStep } from "../api/types.ts";

/**
 * Steps already reported in this page load, per cart. The server ignores repeats anyway; this
 * spares the request (re-renders and StrictMode's double effects would otherwise send several).
 */
const reported = new Set<string>();

/** The merchant's device split: a viewport rule, because user-agent sniffing ages badly. */
export function currentDevice(width = window.innerWidth): Device {
  if (width < 768) return "mobile";
  if (width < 1024) return "tablet";
  return "desktop";
}

/** Reports a funnel step once per cart and page load; never throws and never waits. */
export function reportStep(session: { cartId: string; token: string } | null, step: FunnelStep): void {
  if (!session) return;
  const key = `${session.cartId}|${step}`;
  if (reported.has(key)) return;
  reported.add(key);
  api.reportCheckoutStep(session.cartId, session.token, step, currentDevice());
}
