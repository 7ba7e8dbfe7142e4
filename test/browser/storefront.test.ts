import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  type BrowserGlobals,
  eventually,
  fillCard,
  fillContactAndAddress,
  goToCheckout,
  grandTotal,
  type Harness,
  isFocused,
  seriousA11yViolations,
  skipBrowserTests,
  startHarness,
  text,
} from "./browser-harness.ts";

const screenshots = "test-results/screenshots";

describe.skipIf(skipBrowserTests)("storefront in a browser", () => {
  let h: Harness;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("takes a guest from the product list to the confirmation page with a test card, sending one order request for a double click", async () => {
    const page = await h.newPage();
    const completes: string[] = [];
    const cardBodies: string[] = [];
    page.on("request", (req) => {
      if (req.method() === "POST" && req.url().endsWith("/complete"))
        completes.push(req.headers()["idempotency-key"] ?? "");
      const body = req.postData() ?? "";
      if (body.includes("4242424242424242") && !req.url().endsWith("/store/payments/test/tokens"))
        cardBodies.push(req.url());
    });
    await page.goto("/");
    await page.getByRole("heading", { name: "Organic Cotton Tee" }).waitFor();
    await addToCart(page, "Organic Cotton Tee", "M");
    await eventually(() => text(page.getByRole("dialog", { name: "Your cart" }))).toContain(
      "Organic Cotton Tee – M",
    );
    await goToCheckout(page);
    await fillContactAndAddress(page);
    await fillCard(page, "4242 4242 4242 4242");
    const summary = page.getByRole("region", { name: /Order summary/ });
    // $28.00 tee + $5.00 standard shipping (+ tax by destination, whatever the tax engine says).
    await eventually(() => text(summary)).toContain("$28.00");
    await eventually(() => text(summary)).toContain("$5.00");
    const total = await grandTotal(page);
    // From the top, so the sticky summary sits where a shopper first sees it.
    await page.evaluate(() => (globalThis as unknown as BrowserGlobals).scrollTo(0, 0));
    await page.screenshot({
      path: `${screenshots}/checkout-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });

    await page.getByRole("button", { name: `Pay ${total}` }).dblclick();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    const heading = page.getByRole("heading", { level: 1 });
    await eventually(() => text(heading)).toContain("Thank you, Ada");
    await eventually(() => text(page.locator(".order-number"))).toMatch(/^CW-/);
    await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain(
      "Organic Cotton Tee – M",
    );
    await eventually(() => text(page.getByRole("region", { name: "Delivery" }))).toContain("3–6 days");
    await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain(total);
    await page.screenshot({
      path: `${screenshots}/confirmation-desktop.png`,
      fullPage: true,
      animations: "disabled",
    });
    expect(completes).toHaveLength(1);
    expect(cardBodies).toEqual([]);
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 60_000);

  it("explains a declined card and lets the shopper retry with another card", async () => {
    const page = await h.newPage();
    const keys: string[] = [];
    page.on("request", (req) => {
      if (req.url().endsWith("/complete")) keys.push(req.headers()["idempotency-key"] ?? "");
    });
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    await fillCard(page, "4000 0000 0000 0002");
    await page.getByRole("button", { name: /^Pay / }).click();
    const alert = page.getByRole("alert").filter({ hasText: "Payment declined" });
    await eventually(() => text(alert)).toContain("Your card was declined");
    await eventually(() => isFocused(alert)).toBe(true);
    await page.screenshot({ path: `${screenshots}/checkout-declined.png`, animations: "disabled" });

    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Pay / }).click();
    await page.waitForURL(/\/orders\//);
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toContain("confirmed");
    expect(keys).toHaveLength(2);
    expect(new Set(keys).size).toBe(2);
  }, 60_000);

  it("has no serious or critical accessibility violations on the product list, a product, the cart and the checkout", async () => {
    const page = await h.newPage();
    await page.goto("/products/organic-tee");
    await page.getByRole("heading", { name: "Organic Cotton Tee", level: 1 }).waitFor();
    await eventually(() => text(page.locator(".product-detail"))).toContain("In stock");
    await page.screenshot({ path: `${screenshots}/product-desktop.png`, animations: "disabled" });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.goto("/");
    await page.getByRole("heading", { name: "Organic Cotton Tee" }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await addToCart(page, "Sticker Pack");
    await page.screenshot({ path: `${screenshots}/cart-drawer.png`, animations: "disabled" });
    expect(await seriousA11yViolations(page)).toEqual([]);
    await goToCheckout(page);
    await page.getByRole("button", { name: /^Pay / }).click();
    // Submitting an empty form shows every field error and focuses the first one.
    await eventually(() => isFocused(page.getByLabel("Email"))).toBe(true);
    await eventually(() => page.getByLabel("Email").getAttribute("aria-invalid")).toBe("true");
    expect(await seriousA11yViolations(page)).toEqual([]);
  }, 60_000);

  it("asks for a state from a list and checks postal codes and phone numbers per country as the shopper types", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Sticker Pack");
    await goToCheckout(page);
    await page.getByLabel("Country").selectOption("AU");
    // Australia: a list of states and territories, a four-digit postcode.
    const state = page.getByLabel("State or territory");
    expect(await state.evaluate((el) => (el as { tagName: string }).tagName)).toBe("SELECT");
    await page.getByLabel("Postcode").fill("20001");
    await page.getByLabel("Postcode").press("Tab");
    await eventually(() => text(page.locator("#postalCode-error"))).toBe(
      "Enter a valid postcode, like 2000.",
    );
    await eventually(() => page.getByLabel("Postcode").getAttribute("aria-invalid")).toBe("true");
    await page.getByLabel("Postcode").fill("2000");
    await eventually(() => text(page.locator("#postalCode-error"))).toBe("");
    await state.focus();
    await state.press("Tab");
    await eventually(() => text(page.locator("#region-error"))).toBe("Choose your state or territory.");
    await state.selectOption("NSW");
    await eventually(() => text(page.locator("#region-error"))).toBe("");
    await page.getByLabel("Phone").fill("12");
    await page.getByLabel("Phone").press("Tab");
    await eventually(() => text(page.locator("#phone-error"))).toContain("Enter a valid phone number");
    // Canada: provinces, and the state chosen for Australia does not follow the shopper there.
    await page.getByLabel("Country").selectOption("CA");
    await eventually(() => page.getByLabel("Province").inputValue()).toBe("");
    await page.getByLabel("Postal code").fill("K1A 0B1");
    await page.getByLabel("Postal code").press("Tab");
    await eventually(() => text(page.locator("#postalCode-error"))).toBe("");
    // Ireland: Eircodes are optional, as on Irish mail.
    await page.getByLabel("Country").selectOption("IE");
    await eventually(() => text(page.locator('label[for="postalCode"]'))).toContain("(optional)");
    await page.screenshot({ path: `${screenshots}/checkout-address-errors.png`, animations: "disabled" });
  });

  it("explains a price change before charging and lets the shopper confirm the new total", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Organic Cotton Tee", "S");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    await fillCard(page, "4242 4242 4242 4242");
    const before = await grandTotal(page);

    // The merchant raises the tee's price while the shopper is on the payment step.
    const list = await h.app.call("GET", "/store/products?currency=USD");
    const tee = list.body.products.find((p: { handle: string }) => p.handle === "organic-tee");
    const small = tee.variants.find((v: { sku: string }) => v.sku === "TEE-S");
    const raised = await h.app.call("PATCH", `/admin/variants/${small.id}`, {
      headers: { authorization: `Bearer ${h.app.apiKey}` },
      body: { prices: [{ amount: small.price.amount + 300, currency: "USD" }] },
    });
    expect(raised.status, JSON.stringify(raised.body)).toBe(200);

    const pay = page.getByRole("button", { name: /^Pay / });
    expect(await text(pay)).toBe(`Pay ${before}`);
    await pay.click({ timeout: 20_000 });
    const alert = page.getByRole("alert").filter({ hasText: "Your total has changed" });
    await eventually(() => text(alert)).toContain(`instead of ${before}`);
    await eventually(() => text(alert)).toContain("You have not been charged");
    const after = await grandTotal(page);
    expect(after).not.toBe(before);
    await page.screenshot({ path: `${screenshots}/checkout-price-changed.png`, animations: "disabled" });
    await page.getByRole("button", { name: `Confirm and pay ${after}` }).click();
    await page.waitForURL(/\/orders\/CW-/);
    await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain(after);
  }, 60_000);

  it("adjusts the cart and explains when stock runs out during checkout", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Trail Hoodie", "Slate");
    await page.keyboard.press("Escape");
    await addToCart(page, "Sticker Pack");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    await fillCard(page, "4242 4242 4242 4242");

    const admin = { authorization: `Bearer ${h.app.apiKey}` };
    const level = await h.app.call("GET", "/admin/inventory/HOODIE-SLATE", { headers: admin });
    const onHand = Number(level.body.onHand);
    const adjusted = await h.app.call("POST", "/admin/inventory/HOODIE-SLATE/adjustments", {
      headers: admin,
      body: { delta: -onHand, reason: "count" },
    });
    expect(adjusted.status).toBeLessThan(300);

    await page.getByRole("button", { name: /^Pay / }).click();
    const alert = page.getByRole("alert");
    await eventually(() => text(alert)).toContain("Trail Hoodie – Slate sold out and was removed");
    await eventually(() => text(alert)).toContain("You have not been charged");
    const summary = page.getByRole("region", { name: /Order summary/ });
    await eventually(() => text(summary)).not.toContain("Trail Hoodie");
    await page.screenshot({ path: `${screenshots}/checkout-stock-out.png`, animations: "disabled" });
    // Only the $6.00 stickers are left; the new total is on the button, ready to retry.
    await eventually(() => text(summary)).toMatch(/Subtotal\s*\$6\.00/);
    await page.getByRole("button", { name: `Pay ${await grandTotal(page)}` }).waitFor();
  });

  it("sells in euros with euro prices, formatting and totals end to end", async () => {
    const page = await h.newPage({ locale: "de-DE" });
    await page.goto("/");
    await page.getByLabel("Currency").selectOption("EUR");
    const tee = page.locator(".product-card", {
      has: page.getByRole("heading", { name: "Organic Cotton Tee" }),
    });
    await eventually(() => text(tee)).toContain("26,00 €");
    await addToCart(page, "Organic Cotton Tee", "L");
    await goToCheckout(page);
    await fillContactAndAddress(page, { country: "DE", region: "", postalCode: "10115", city: "Berlin" });
    await eventually(() => page.getByRole("radio", { name: /Standard/ }).isChecked()).toBe(true);
    // Amounts formatted the German way; how VAT splits them is the tax engine's business.
    await eventually(() => text(page.getByRole("region", { name: /Order summary/ }))).toMatch(
      /EUR \d+,\d\d €/,
    );
    const total = await grandTotal(page);
    expect(total).toMatch(/^\d+,\d\d €$/);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: `Pay ${total}` }).click();
    await page.waitForURL(/\/orders\//);
    const items = page.getByRole("region", { name: "Items" });
    await eventually(() => text(items)).toContain(total);
    // German shelf prices include VAT: the confirmation shows the 26,00 € the shopper saw, not the
    // 21,85 € net, and the VAT as included under the total, as the checkout summary did.
    expect(await text(items)).toMatch(/Organic Cotton Tee.*26,00 €/);
    expect(await text(items)).toMatch(/Including VAT 19 %\s*\d+,\d\d €/);
    expect(await text(items)).not.toContain("21,85 €");
    const confirmation = await text(items);

    // The status page (the email's link) reads the same amounts.
    await page.getByRole("link", { name: "Track your order" }).click();
    await page.waitForURL(/\/orders\/ord_/);
    const status = page.getByRole("region", { name: "Items" });
    await eventually(() => text(status)).toContain(total);
    expect(await text(status)).toMatch(/Organic Cotton Tee.*26,00 €/);
    expect(await text(status)).toMatch(/Including VAT 19 %\s*\d+,\d\d €/);
    const amounts = (s: string) => s.match(/\d+,\d\d €/g);
    expect(amounts(await text(status))).toEqual(amounts(confirmation));
  });

  it("fits a phone screen (375 px) without horizontal scrolling", async () => {
    const page = await h.newPage({ width: 375, height: 812 });
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    await fillCard(page, "4242 4242 4242 4242");
    const overflow = await page.evaluate(() => {
      const w = globalThis as unknown as BrowserGlobals;
      return w.document.documentElement.scrollWidth - w.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await page.evaluate(() => (globalThis as unknown as BrowserGlobals).scrollTo(0, 0));
    await page.screenshot({
      path: `${screenshots}/checkout-phone.png`,
      fullPage: true,
      animations: "disabled",
    });
    await page.goto("/");
    await page.screenshot({ path: `${screenshots}/products-phone.png`, animations: "disabled" });
  });
});
