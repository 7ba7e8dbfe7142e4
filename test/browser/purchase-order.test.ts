import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  eventually,
  fillContactAndAddress,
  goToCheckout,
  type Harness,
  seriousA11yViolations,
  skipBrowserTests,
  startHarness,
  text,
} from "./browser-harness.ts";

const screenshots = "test-results/screenshots";

// A B2B buyer pays on invoice with a purchase-order number; shoppers without terms never see it.
describe.skipIf(skipBrowserTests)("purchase orders at checkout", () => {
  let h: Harness;
  const buyer = { email: "buyer@example.com", password: "correct horse battery" };

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness({ PURCHASE_ORDERS: "true" });
    const registered = await h.app.call("POST", "/store/customers", { body: buyer });
    expect(registered.status, JSON.stringify(registered.body)).toBe(201);
    const terms = await h.app.call("PUT", `/admin/customers/${registered.body.customer.id}/payment-terms`, {
      headers: { authorization: `Bearer ${h.app.apiKey}` },
      body: { purchaseOrders: true, netDays: 45, creditLimits: [{ amount: 500_000, currency: "USD" }] },
    });
    expect(terms.status, JSON.stringify(terms.body)).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("offers a purchase order only to the signed-in business account, asks for its number and places the order on invoice", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await page.getByLabel("Card number").waitFor();
    expect(await page.getByRole("radio", { name: /Purchase order/ }).count()).toBe(0);

    // Signing in at the contact step takes the cart into the account, as a purchase order needs.
    await page.getByLabel("Email").fill(buyer.email);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await page.getByLabel("Password").fill(buyer.password);
    await page.getByLabel("Password").press("Enter");
    await eventually(() => text(page.getByRole("status").filter({ hasText: "Signed in" }))).toContain(
      `Signed in as ${buyer.email}`,
    );
    await fillContactAndAddress(page);
    await page.getByLabel("Email").fill(buyer.email);
    await page.getByRole("radio", { name: /Purchase order/ }).check();
    await eventually(() => text(page.locator(".payment__methods"))).toContain("due 45 days after the order");
    expect(await page.getByLabel("Card number").count()).toBe(0);

    await page.getByRole("button", { name: "Place order on invoice" }).click();
    await eventually(() => text(page.locator("#purchase-order-number-error"))).toContain(
      "Enter your purchase order number",
    );
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel("Purchase order number").fill("PO-2030-017");
    await page.screenshot({ path: `${screenshots}/checkout-purchase-order.png`, fullPage: true });
    await page.getByRole("button", { name: "Place order on invoice" }).click();
    await page.waitForURL(/\/orders\/CW-/);
    await eventually(() => text(page.locator("main"))).toContain("PO-2030-017");

    const orders = await h.app.call("GET", "/admin/orders?limit=5", {
      headers: { authorization: `Bearer ${h.app.apiKey}` },
    });
    expect(orders.body.orders[0]).toMatchObject({ paymentStatus: "awaiting_payment" });
    expect(orders.body.orders[0].payment).toMatchObject({ provider: "purchase_order" });
  }, 120_000);
});
