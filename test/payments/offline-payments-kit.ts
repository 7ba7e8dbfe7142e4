import { sql } from "drizzle-orm";
import type { MailTransport, OutgoingMail } from "../../src/modules/notifications/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import type { DatabaseKind } from "../support/database.ts";

export const bankEnv = {
  BANK_TRANSFER_IBAN: "DE89 3704 0044 0532 0130 00",
  BANK_TRANSFER_BIC: "COBADEFFXXX",
  BANK_TRANSFER_ACCOUNT_NAME: "Cartwright Demo GmbH",
  BANK_TRANSFER_DUE_DAYS: "7",
  PURCHASE_ORDERS: "true",
};

/** A test app with bank transfer and purchase orders on, a clock that moves when told, emails kept. */
export async function startOfflineApp(kind: DatabaseKind, env: Record<string, string> = {}) {
  const clock = new FixedClock("2030-03-02T10:00:00Z");
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    name: "memory",
    async send(mail) {
      sent.push(mail);
    },
    close() {},
  };
  const app = await startTestApp(kind, { clock, mailTransport: transport }, { ...bankEnv, ...env });
  const admin = { authorization: `Bearer ${app.apiKey}` };
  return { app, clock, sent, admin };
}

let keys = 0;
export const newKey = (prefix = "k") => `${prefix}-${Date.now().toString(36)}-${keys++}`;

/** Places an order for `lines` paid by `payment`; returns the completion response. */
export async function checkout(
  app: TestApp,
  payment: Record<string, string>,
  options: {
    lines?: { sku: string; quantity: number }[];
    before?: (cartId: string, token: string) => Promise<void>;
  } = {},
) {
  const { cartId, token, headers } = await readyCart(app, {
    lines: options.lines ?? [{ sku: "MUG-350", quantity: 1 }],
  });
  await options.before?.(cartId, token);
  return app.call("POST", `/store/carts/${cartId}/complete`, {
    headers: { ...headers, "idempotency-key": newKey("complete") },
    body: { payment },
  });
}

export async function stockOf(app: TestApp, admin: Record<string, string>, sku: string): Promise<number> {
  return (await app.call("GET", `/admin/inventory/${sku}`, { headers: admin })).body.onHand;
}

export async function eventsOf(app: TestApp, type: string): Promise<Record<string, unknown>[]> {
  const rows = await queryRows<{ payload: Record<string, unknown> }>(
    app.database.db,
    sql`select payload from outbox where type = ${type} order by seq`,
  );
  return rows.map((r) => r.payload);
}

/** Delivers every pending event and sends the queued emails. */
export async function deliver(app: TestApp): Promise<void> {
  while ((await app.events.dispatchOnce()) > 0);
  await app.mail.runOnce();
}
