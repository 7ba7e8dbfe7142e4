import type { AnalyticsPaymentMethods } from "../api/types.ts";

const palette = ["#2f6fed", "#12a37f", "#e08a00", "#b24fd1", "#d64545", "#0f8ea8", "#5f6470"];
const other = "#9aa1ad";

/**
 * Payment methods ranked by orders over the whole answer (ties by name), each with its colour, so
 * every chart on the dashboard paints a method the same way. Methods past the palette share grey.
 */
export function rankMethods(
  methods: AnalyticsPaymentMethods,
): { method: string; orders: number; color: string }[] {
  const totals = new Map<string, number>();
  for (const d of methods.days)
    for (const m of d.methods) totals.set(m.method, (totals.get(m.method) ?? 0) + m.orders);
  return [...totals]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([method, orders], i) => ({ method, orders, color: palette[i] ?? other }));
}

export type RankedMethod = ReturnType<typeof rankMethods>[number];
