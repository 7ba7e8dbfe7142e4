import { mkdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  eventually,
  fillCard,
  fillContactAndAddress,
  goToCheckout,
  grandTotal,
  type Harness,
  skipBrowserTests,
  startHarness,
  text,
} from "./browser-harness.ts";

const screenshots = "test-results/screenshots";

/**
 * Currencies whose minor unit is not a cent: yen have none (exponent 0), Kuwaiti dinars have
 * 1000 fils (exponent 3). A storefront dividing by 100 would show ¥18.00 or KWD 52.50 here.
 */
describe.skipIf(skipBrowserTests)("selling in JPY and KWD", () => {
  let h: Harness;
  const admin = () => ({ authorization: `Bearer ${h.app.apiKey}` });

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness({ STORE_CURRENCIES: "USD,EUR,JPY,KWD" });
    // The merchant prices the mug in both currencies and sets standard shipping rates in them.
    const list = await h.app.call("GET", "/store/products?currency=USD");
    const mug = list.body.products.find((p: { handle: string }) => p.handle === "enamel-mug");
    const priced = await h.app.call("PATCH", `/admin/variants/${mug.variants[0].id}`, {
      headers: admin(),
      body: {
        prices: [
          { amount: 1800, currency: "JPY" },
          { amount: 5250, currency: "KWD" },
        ],
      },
    });
    expect(priced.status, JSON.stringify(priced.body)).toBe(200);
    const methods = (await h.app.call("GET", "/admin/shipping/methods", { headers: admin() })).body.methods;
    const zones = (await h.app.call("GET", "/admin/shipping/zones", { headers: admin() })).body.zones;
    const standard = methods.find((m: { code: string }) => m.code === "standard").id;
    const zone = (code: string) => zones.find((z: { code: string }) => z.code === code).id;
    for (const [zoneCode, currency, amount] of [
      ["world", "JPY", 1500],
      ["us", "KWD", 1750],
    ] as const) {
      const rate = await h.app.call(
        "PUT",
        `/admin/shipping/methods/${standard}/rates/${zone(zoneCode)}/${currency}`,
        { headers: admin(), body: { rate: { type: "flat", amount } } },
      );
      expect(rate.status, JSON.stringify(rate.body)).toBe(200);
    }
    // Everything else is priced in USD only: yen prices are converted at this rate.
    const fx = await h.app.call("PUT", "/admin/fx-rates/JPY", { headers: admin(), body: { rate: "150" } });
    expect(fx.status, JSON.stringify(fx.body)).toBe(200);
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it("buys in yen: whole yen everywhere, from the product card to the confirmation", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await page.getByLabel("Currency").selectOption("JPY");
    const mug = page.locator(".product-card", {
      has: page.getByRole("heading", { name: "Enamel Camp Mug" }),
    });
    await eventually(() => text(mug)).toContain("¥1,800");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page, {
      country: "JP",
      region: "Tokyo",
      city: "Chiyoda",
      postalCode: "100-0001",
    });
    const summary = page.getByRole("region", { name: /Order summary/ });
    await eventually(() => text(summary)).toContain("Shipping · Standard");
    // Japanese shelf prices include the 10 % consumption tax: ¥1,800 + ¥1,500 is the whole total,
    // of which ¥300 is tax, and not one amount has decimals.
    await eventually(() => grandTotal(page)).toBe("¥3,300");
    await eventually(() => text(summary)).toMatch(/Enamel Camp Mug\s*¥1,800/);
    await eventually(() => text(summary)).toMatch(/Standard\s*¥1,500/);
    await eventually(() => text(summary)).toMatch(/Including .*10\s?%\s*¥300/);
    expect(await text(summary)).not.toMatch(/¥[\d,]+\.\d/);
    const total = await grandTotal(page);
    await page.screenshot({
      path: `${screenshots}/checkout-jpy.png`,
      fullPage: true,
      animations: "disabled",
    });
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: `Pay ${total}` }).click();
    await page.waitForURL(/\/orders\/CW-/);
    await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain(total);
  }, 60_000);

  it("sells a product priced only in dollars at its converted yen price, the one the cart charges", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await page.getByLabel("Currency").selectOption("JPY");
    const stickers = page.locator(".product-card", {
      has: page.getByRole("heading", { name: "Sticker Pack" }),
    });
    // $6.00 × 150 = ¥900: on the card, on the product page and in the cart alike.
    await eventually(() => text(stickers)).toContain("¥900");
    expect(await text(stickers)).not.toContain("Not sold in this currency");
    await stickers.getByRole("link", { name: "Sticker Pack" }).click();
    await eventually(() => text(page.locator(".product-detail"))).toContain("¥900");
    await page.getByRole("button", { name: /Add to cart/ }).click();
    const cart = page.getByRole("dialog", { name: "Your cart" });
    await eventually(() => text(cart)).toContain("¥900");
    // KWD has no rate: a product without a dinar price is still not offered in dinars.
    const dinars = await h.newPage();
    await dinars.goto("/");
    await dinars.getByLabel("Currency").selectOption("KWD");
    const card = dinars.locator(".product-card", {
      has: dinars.getByRole("heading", { name: "Sticker Pack" }),
    });
    await eventually(() => text(card)).toContain("Not sold in this currency");
  }, 60_000);

  it("buys in Kuwaiti dinars with three decimals (fils), totals adding up", async () => {
    const page = await h.newPage();
    await page.goto("/");
    await page.getByLabel("Currency").selectOption("KWD");
    const mug = page.locator(".product-card", {
      has: page.getByRole("heading", { name: "Enamel Camp Mug" }),
    });
    await eventually(() => text(mug)).toContain("KWD 5.250");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    const summary = page.getByRole("region", { name: /Order summary/ });
    await eventually(() => text(summary)).toContain("KWD 5.250");
    await eventually(() => text(summary)).toContain("KWD 1.750");
    const total = await grandTotal(page);
    expect(total).toMatch(/^KWD \d+\.\d{3}$/);
    // Items + shipping = KWD 7.000 before tax; the total is never rounded to a cent.
    expect(Math.round(Number(total.replace("KWD ", "")) * 1000)).toBeGreaterThanOrEqual(7000);
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: `Pay ${total}` }).click();
    await page.waitForURL(/\/orders\/CW-/);
    await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain(total);
    await page.screenshot({
      path: `${screenshots}/confirmation-kwd.png`,
      fullPage: true,
      animations: "disabled",
    });
  }, 60_000);
});
