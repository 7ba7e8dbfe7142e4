import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readyCart } from "../support/app.ts";
import { type AdminHarness, screenshots, startAdminHarness } from "./admin-harness.ts";
import {
  type BrowserGlobals,
  eventually,
  seriousA11yViolations,
  skipBrowserTests,
  text,
} from "./browser-harness.ts";

const xss = "<img src=x onerror=window.__xss=1>";

describe.skipIf(skipBrowserTests)("merchant center orders in a browser", () => {
  let h: AdminHarness;
  const orders: Record<"refund" | "ship" | "xss", { id: string; number: string }> = {} as never;

  const placeOrder = async (email: string, address: Record<string, string> = {}) => {
    const { cartId, headers } = await readyCart(h.app, {
      lines: [
        { sku: "TEE-M", quantity: 2 },
        { sku: "MUG-350", quantity: 1 },
      ],
    });
    await h.app.call("PUT", `/store/carts/${cartId}/contact`, { headers, body: { email } });
    if (Object.keys(address).length) {
      const res = await h.app.call("PUT", `/store/carts/${cartId}/shipping-address`, {
        headers,
        body: {
          firstName: "Ada",
          lastName: "Lovelace",
          line1: "12 Main St",
          city: "Springfield",
          region: "IL",
          postalCode: "62701",
          country: "US",
          ...address,
        },
      });
      expect(res.status, JSON.stringify(res.body)).toBe(200);
    }
    const res = await h.app.call("POST", `/store/carts/${cartId}/complete`, {
      headers: { ...headers, "idempotency-key": `k-${cartId}` },
      body: { payment: { provider: "test", token: "tok_visa" } },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return { id: res.body.id as string, number: res.body.number as string };
  };
  const admin = (path: string) =>
    h.app.call("GET", path, { headers: { authorization: `Bearer ${h.app.apiKey}` } });
  const openOrder = async (page: Page, number: string) => {
    await page.getByRole("heading", { name: `Order ${number}`, level: 1 }).waitFor();
    await page.getByRole("heading", { name: "Payment" }).waitFor();
  };

  beforeAll(async () => {
    h = await startAdminHarness();
    orders.refund = await placeOrder("refund.me@example.com");
    orders.ship = await placeOrder("ship.me@example.com");
    orders.xss = await placeOrder("mallory@example.com", {
      firstName: xss,
      line1: `${xss} 1 Main St`,
      company: "</address><script>window.__xss=2</script>",
    });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("refuses a wrong API key with a clear message, then signs in with the right one", async () => {
    const page = await h.newPage();
    await page.goto("/admin");
    await page.getByRole("heading", { name: "Sign in to the merchant center" }).waitFor();
    await page.getByLabel("Admin API key").fill("cw_sk_not-a-real-key");
    await page.getByRole("button", { name: "Sign in" }).click();
    await eventually(() => text(page.getByRole("alert"))).toContain("This API key was not accepted");
    expect(await page.getByLabel("Admin API key").getAttribute("aria-invalid")).toBe("true");
    await page.screenshot({ path: `${screenshots}/admin-sign-in-error.png`, animations: "disabled" });

    await page.getByLabel("Admin API key").fill(h.app.apiKey);
    await page.getByLabel("Admin API key").press("Enter");
    await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
    const stored = await page.evaluate(() =>
      (
        globalThis as unknown as { sessionStorage: { getItem(k: string): string | null } }
      ).sessionStorage.getItem("cartwright.admin.key"),
    );
    expect(stored).toBe(h.app.apiKey);
    // A deep link opens the app on the same path the Admin API answers JSON on.
    await page.goto("/admin/orders");
    await page.getByRole("heading", { name: "Orders", level: 1 }).waitFor();
  });

  it("finds an order by searching its customer's email, captures it, refunds part and then the rest", async () => {
    const page = await h.signedInPage();
    await page.goto("/admin/orders");
    await page.getByRole("heading", { name: "Orders", level: 1 }).waitFor();
    await eventually(() => page.locator("tbody tr").count()).toBe(3);
    await page.getByLabel("Search").fill("refund.me");
    await page.getByLabel("Search").press("Enter");
    await page.waitForURL(/\/admin\/orders\?q=refund\.me$/);
    await eventually(() => page.locator("tbody tr").count()).toBe(1);
    await page.screenshot({
      path: `${screenshots}/admin-orders-search.png`,
      fullPage: true,
      animations: "disabled",
    });
    await page.getByRole("link", { name: orders.refund.number }).click();
    await openOrder(page, orders.refund.number);
    const payment = page.getByRole("region", { name: "Payment" });

    await payment.getByRole("button", { name: /^Capture / }).click();
    const capture = page.getByRole("dialog");
    await capture.getByRole("button", { name: "Capture" }).click();
    await eventually(() => text(payment.getByRole("status"))).toMatch(/^Captured \$/);

    // Keyboard: the dialog takes focus, Escape closes it and gives focus back.
    const refundButton = payment.getByRole("button", { name: "Refund" });
    await refundButton.click();
    const dialog = page.getByRole("dialog", { name: /Refund order/ });
    await dialog.waitFor();
    expect(
      await dialog.evaluate((el) =>
        el.contains((globalThis as unknown as BrowserGlobals).document.activeElement as never),
      ),
    ).toBe(true);
    await page.keyboard.press("Escape");
    await eventually(() => dialog.count()).toBe(0);
    await refundButton.click();
    await dialog.getByLabel(/Amount/).fill("10.00");
    await dialog.getByRole("button", { name: "Refund", exact: true }).click();
    await eventually(() => text(dialog.getByRole("alert"))).toContain("Say why you refund");
    await dialog.getByLabel("Reason").fill("Scuffed mug");
    await dialog.getByRole("button", { name: "Refund", exact: true }).click();
    await eventually(() => text(payment.getByRole("status"))).toBe("Refunded $10.00.");
    await eventually(() => text(page.locator(".page__meta"))).toContain("partially refunded");

    await payment.getByRole("button", { name: "Refund" }).click();
    await dialog.getByLabel("Reason").fill("Returned the rest");
    await dialog.getByRole("button", { name: "Refund in full" }).click();
    await eventually(() => text(page.locator(".page__meta"))).toMatch(/\brefunded\b/);
    await eventually(() => payment.getByRole("button", { name: "Refund" }).count()).toBe(0);
    await page.screenshot({
      path: `${screenshots}/admin-order-refunded.png`,
      fullPage: true,
      animations: "disabled",
    });

    // The list's State filter asks the server for the state the order machine derived.
    await page.goto("/admin/orders");
    await page.getByLabel("State").selectOption("refunded");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/\/admin\/orders\?state=refunded$/);
    await eventually(() => page.locator("tbody tr").count()).toBe(1);
    expect(await text(page.locator("tbody tr"))).toContain(orders.refund.number);

    const payments = (await admin(`/admin/orders/${orders.refund.id}/payments`)).body.payments;
    expect(payments[0].status).toBe("refunded");
    expect(payments[0].refunded.amount).toBe(payments[0].captured.amount);
    expect(payments[0].refunds.map((r: { amount: { amount: number } }) => r.amount.amount)[0]).toBe(1000);
  });

  it("fulfils an order: creates a shipment from its lines, buys the label, opens it and marks it shipped", async () => {
    const page = await h.signedInPage();
    await page.goto(`/admin/orders/${orders.ship.id}`);
    await openOrder(page, orders.ship.number);
    const fulfilment = page.getByRole("region", { name: "Fulfilment" });
    await fulfilment.getByRole("button", { name: "Create shipment" }).click();
    const shipment = fulfilment.getByRole("article", { name: "Shipment 1" });
    await eventually(() => text(shipment)).toContain("pending");
    await shipment.getByRole("button", { name: "Buy label" }).click();
    await eventually(() => text(shipment)).toContain("labelled");
    const tracking = await text(shipment.locator(".facts"));
    expect(tracking).toMatch(/Tracking\s*\w+/);

    const popup = page.waitForEvent("popup");
    await shipment.getByRole("button", { name: "Open label" }).click();
    const label = await popup;
    await eventually(async () => label.url()).toMatch(/^blob:/);
    await label.close();

    await shipment.getByRole("button", { name: "Mark as shipped" }).click();
    await eventually(() => text(shipment.locator(".badge"))).toBe("shipped");
    await eventually(() => text(page.locator(".page__meta"))).toContain("fulfilled");
    expect(await fulfilment.getByRole("button", { name: "Create shipment" }).count()).toBe(0);
    await page.screenshot({
      path: `${screenshots}/admin-order-shipped.png`,
      fullPage: true,
      animations: "disabled",
    });

    const order = (await admin(`/admin/orders/${orders.ship.id}`)).body;
    expect(order.fulfillmentStatus).toBe("fulfilled");
    const shipments = (await admin(`/admin/orders/${orders.ship.id}/shipments`)).body.shipments;
    expect(shipments).toHaveLength(1);
    expect(shipments[0].status).toBe("shipped");
    expect(shipments[0].lines).toEqual(
      expect.arrayContaining([
        { sku: "TEE-M", quantity: 2 },
        { sku: "MUG-350", quantity: 1 },
      ]),
    );
  });

  it("shows a stored script in a customer's name and address as text, and never runs it", async () => {
    const page = await h.signedInPage();
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto("/admin/orders?q=mallory");
    await eventually(() => text(page.locator("tbody"))).toContain(xss);
    await page.getByRole("link", { name: orders.xss.number }).click();
    await openOrder(page, orders.xss.number);
    const customer = page.getByRole("region", { name: "Customer" });
    await eventually(() => text(customer)).toContain(`${xss} Lovelace`);
    expect(await text(customer)).toContain("</address><script>window.__xss=2</script>");
    const state = await page.evaluate(() => {
      const g = globalThis as unknown as {
        __xss?: unknown;
        document: { querySelectorAll(s: string): { length: number } };
      };
      return {
        xss: g.__xss,
        images: g.document.querySelectorAll('img[src="x"]').length,
        scripts: g.document.querySelectorAll("main script").length,
      };
    });
    expect(state).toEqual({ xss: undefined, images: 0, scripts: 0 });
    expect(dialogs).toEqual([]);
  });

  it("takes a shipped order's return from requested to refunded", async () => {
    const bearer = { authorization: `Bearer ${h.app.apiKey}` };
    const placed = await placeOrder("returns@example.com");
    const post = (url: string, body: unknown = {}) =>
      h.app.call("POST", url, { headers: { ...bearer, "idempotency-key": `k-${url}` }, body });
    await post(`/admin/orders/${placed.id}/payments/capture`);
    const shipment = (
      await post(`/admin/orders/${placed.id}/shipments`, { lines: [{ sku: "MUG-350", quantity: 1 }] })
    ).body.shipment;
    await post(`/admin/shipments/${shipment.id}/label`);
    expect((await post(`/admin/shipments/${shipment.id}/ship`)).status).toBe(200);
    const token = (await h.app.call("GET", `/admin/orders/${placed.id}`, { headers: bearer })).body;
    expect(token.fulfillmentStatus).toBe("partially_fulfilled");
    const requested = await h.app.call("POST", `/store/orders/${placed.number}/returns`, {
      headers: { "x-order-email": "returns@example.com", "idempotency-key": "return-1" },
      body: { lines: [{ sku: "MUG-350", quantity: 1 }], reason: "damaged", note: "Chipped <b>rim</b>" },
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(201);

    const page = await h.signedInPage();
    await page.goto("/admin/returns");
    await page.getByRole("heading", { name: "Returns", level: 1 }).waitFor();
    await page.getByRole("button", { name: requested.body.number }).click();
    const detail = page.getByRole("region", { name: `Return ${requested.body.number}` });
    await eventually(() => text(detail)).toContain("Chipped <b>rim</b>");
    await detail.getByRole("button", { name: "Approve and send label" }).click();
    await eventually(() => text(detail.locator(".badge").first())).toBe("approved");
    await detail.getByRole("button", { name: "Mark received (restock)" }).click();
    await eventually(() => text(detail.locator(".badge").first())).toBe("received");
    await detail.getByRole("button", { name: "Refund to the original payment" }).click();
    await eventually(() => text(detail.locator(".badge").first())).toBe("refunded");
    // The mug and its share of the tax.
    expect(await text(detail)).toMatch(/Refund \$19\.\d\d to original payment: succeeded/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({
      path: `${screenshots}/admin-returns-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
  });

  it("adds a webhook endpoint, shows its secret once and queues a test delivery", async () => {
    const page = await h.signedInPage();
    await page.goto("/admin/webhooks");
    await page.getByRole("heading", { name: "Webhooks", level: 1 }).waitFor();
    await page.getByText("No webhook endpoints yet.").waitFor();
    await page.getByLabel("URL").fill("https://hooks.example.com/cartwright");
    await page.getByLabel("Description (optional)").fill("ERP");
    await page.getByLabel("order.placed").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await eventually(() => text(page.locator(".notice"))).toMatch(
      /Signing secret for https:\/\/hooks\.example\.com\/cartwright: \S+/,
    );
    const row = page.locator("tbody tr", { hasText: "hooks.example.com" });
    expect(await text(row)).toContain("order.placed");
    await row.getByRole("button", { name: "Send test" }).click();
    await eventually(() => text(row)).toContain("Test event queued.");
    await row.getByRole("button", { name: "Deliveries" }).click();
    const deliveries = page.getByRole("region", { name: "Recent deliveries" });
    await eventually(() => deliveries.locator("tbody tr").count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({
      path: `${screenshots}/admin-webhooks-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
  });

  it("has no serious or critical accessibility violations on sign-in, orders and an order", async () => {
    const signIn = await h.newPage();
    await signIn.goto("/admin");
    await signIn.getByLabel("Admin API key").waitFor();
    expect(await seriousA11yViolations(signIn)).toEqual([]);

    const page = await h.signedInPage();
    await page.goto("/admin/orders");
    await eventually(() => page.locator("tbody tr").count()).toBe(4);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({
      path: `${screenshots}/admin-orders-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
    await page.goto(`/admin/orders/${orders.refund.id}`);
    await openOrder(page, orders.refund.number);
    await page
      .getByRole("heading", { name: "Shipment 1" })
      .or(page.getByRole("button", { name: "Create shipment" }))
      .waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.screenshot({
      path: `${screenshots}/admin-order-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
  });

  it("fits a phone: the orders list scrolls inside its card, not the page", async () => {
    const page = await h.signedInPage({ width: 375, height: 800 });
    await page.goto("/admin/orders");
    await eventually(() => page.locator("tbody tr").count()).toBe(4);
    const overflow = await page.evaluate(() => {
      const g = globalThis as unknown as BrowserGlobals;
      return g.document.documentElement.scrollWidth - g.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.screenshot({
      path: `${screenshots}/admin-orders-mobile.png`,
      fullPage: true,
      animations: "disabled",
    });
  });
});
