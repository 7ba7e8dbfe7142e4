import type { OrderView } from "../orders/index.ts";

type Address = OrderView["shippingAddress"];

/** A postal address as printed lines, in the order most carriers read them. */
export function formatAddress(a: Address): string[] {
  return [
    `${a.firstName} ${a.lastName}`,
    a.company,
    a.line1,
    a.line2,
    [a.postalCode, a.city, a.region].filter(Boolean).join(" "),
    a.country,
  ].filter((line): line is string => Boolean(line));
}

/** How the order was paid, as brand and last 4 only (G15): "Visa •••• 4242". */
export function paymentLabel(payment: OrderView["payment"]): string {
  const brand = payment.brand
    ? payment.brand.charAt(0).toUpperCase() + payment.brand.slice(1)
    : providerName(payment.provider);
  return payment.last4 ? `${brand} \u2022\u2022\u2022\u2022 ${payment.last4}` : brand;
}

function providerName(provider: string): string {
  return provider === "test" ? "Test payment" : provider.charAt(0).toUpperCase() + provider.slice(1);
}
