import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { formatMoney } from "../../src/modules/notifications/index.ts";
import { readyCart, startTestApp, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { cardNumbersIn } from "../support/luhn.ts";
import { pdfTextRuns, valueAfter } from "../support/pdf-text.ts";

describe.each(databaseKinds())("order status page and receipts on %s", (kind) => {
  let app: TestApp;
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), "cw-mail-"));
    // No SMTP_URL: the embedded default writes .eml files under DATA_DIR/mail.
    app = await startTestApp(
      kind,
      {},
      { DATA_DIR: dataDir, STORE_ADDRESS: "Demo Ltd; 1 High Street; Springfield" },
    );
  });
  afterAll(async () => {
    await app?.close();
    await rm(dataDir, { recursive: true, force: true });
  });
  const admin = () => ({ authorization: `Bearer ${app.apiKey}` });

  async function placeOrder(key: string) {
    const { cartId, headers } = await readyCart(app);
    const res = await app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": key },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status).toBe(200);
    return res.body;
  }

  async function receipt(url: string, headers: Record<string, string>) {
    const res = await app.server.inject({ method: "GET", url, headers });
    return { status: res.statusCode, type: res.headers["content-type"], pdf: res.rawPayload };
  }

  it("returns the access token only with the completion, and stores only its hash", async () => {
    const order = await placeOrder("token");
    expect(order.accessToken).toMatch(/^ot_[A-Za-z0-9_-]{43}$/);
    const read = await app.call("GET", `/admin/orders/${order.id}`, { headers: admin() });
    expect(JSON.stringify(read.body)).not.toContain(order.accessToken);
  });

  it("refuses the status page with a wrong or missing token and shows status and timeline with the right one", async () => {
    const order = await placeOrder("status");
    const other = await placeOrder("status-other");
    const wrong = await app.call("GET", `/store/orders/${order.id}`, {
      headers: { "x-order-token": other.accessToken },
    });
    expect(wrong.status).toBe(404);
    expect(wrong.body.code).toBe("not_found");
    expect((await app.call("GET", `/store/orders/${order.id}`)).status).toBe(400);

    const res = await app.call("GET", `/store/orders/${order.id}`, {
      headers: { "x-order-token": order.accessToken },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: order.id, number: order.number, status: "placed" });
    expect(res.body.timeline.map((t: { type: string }) => t.type)).toContain("placed");
    expect(res.body.totals).toEqual(order.totals);
    expect(res.body.shipping.estimate).toEqual(order.shipping.estimate);
    expect(res.body.lines).toHaveLength(2);
    expect(res.body).not.toHaveProperty("email");
    expect(res.body).not.toHaveProperty("shippingAddress");
  });

  it("renders a receipt whose totals equal the order's, the same document every time", async () => {
    const order = await placeOrder("receipt");
    const url = `/store/orders/${order.id}/receipt.pdf`;
    const first = await receipt(url, { "x-order-token": order.accessToken });
    expect(first.status).toBe(200);
    expect(first.type).toBe("application/pdf");
    const runs = await pdfTextRuns(first.pdf);
    const money = (m: { amount: number; currency: string }) => formatMoney(m.amount, m.currency, "en-US");
    expect(valueAfter(runs, "Subtotal")).toBe(money(order.totals.subtotal));
    expect(valueAfter(runs, "Shipping")).toBe(money(order.totals.shippingTotal));
    expect(valueAfter(runs, "Tax")).toBe(money(order.totals.taxTotal));
    expect(valueAfter(runs, "Total (USD)")).toBe(money(order.totals.total));
    expect(runs).toContain("Demo Ltd");
    expect(runs).toContain("ada@example.com");
    expect(runs.join(" ")).toContain("Visa \u2022\u2022\u2022\u2022 4242");
    expect(cardNumbersIn(runs.join(" "))).toEqual([]);
    const invoice = runs.find((r) => r.startsWith("Receipt INV-"));
    expect(invoice).toMatch(/^Receipt INV-\d{6}$/);

    const again = await receipt(`/admin/orders/${order.id}/receipt.pdf`, admin());
    expect(again.status).toBe(200);
    expect(Buffer.compare(again.pdf, first.pdf)).toBe(0);
  });

  it("gives each order its own invoice number, in sequence", async () => {
    const numbers: number[] = [];
    for (const key of ["inv-a", "inv-b"]) {
      const order = await placeOrder(key);
      const runs = await pdfTextRuns((await receipt(`/admin/orders/${order.id}/receipt.pdf`, admin())).pdf);
      numbers.push(Number(runs.find((r) => r.startsWith("Receipt INV-"))!.slice("Receipt INV-".length)));
    }
    expect(numbers[1]).toBe(numbers[0]! + 1);
  });

  it("refuses receipts without the right token or scope", async () => {
    const order = await placeOrder("receipt-auth");
    expect(
      (await receipt(`/store/orders/${order.id}/receipt.pdf`, { "x-order-token": "ot_wrong-token-value" }))
        .status,
    ).toBe(404);
    expect((await receipt(`/admin/orders/${order.id}/receipt.pdf`, {})).status).toBe(401);
    expect((await receipt("/admin/orders/ord_missing/receipt.pdf", admin())).status).toBe(404);
  });

  it("writes the confirmation as an .eml file with the receipt when no SMTP server is configured", async () => {
    const order = await placeOrder("eml");
    while ((await app.events.dispatchOnce()) > 0);
    const result = await app.mail.runOnce();
    expect(result.failed).toBe(0);
    const [email] = (await app.call("GET", `/admin/emails?orderId=${order.id}`, { headers: admin() })).body
      .emails;
    expect(email.status).toBe("sent");
    const files = await readdir(join(dataDir, "mail"));
    const file = files.find((f) => f.startsWith(email.id));
    expect(file).toBeDefined();
    const raw = await readFile(join(dataDir, "mail", file!), "utf8");
    expect(raw).toContain(`Subject: Cartwright Demo Store: order ${order.number} confirmed`);
    expect(raw).toContain("Content-Type: application/pdf");
  });
});
