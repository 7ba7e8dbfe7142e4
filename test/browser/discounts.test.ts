import { mkdirSync } from "node:fs";
import type { Page } from "playwright-core";
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

describe.skipIf(skipBrowserTests)("promotion codes and gift cards in the storefront", () => {
  let h: Harness;
  const admin = () => ({ authorization: `Bearer ${h.app.apiKey}` });

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  /** A promotion through the Admin API, as a merchant would set it up. */
  async function createPromotion(body: Record<string, unknown>): Promise<void> {
    const res = await h.app.call("POST", "/admin/promotions", { headers: admin(), body });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
  }

  async function issueGiftCard(amount: number): Promise<string> {
    const res = await h.app.call("POST", "/admin/gift-cards", {
      headers: admin(),
      body: { amount: { amount, currency: "USD" } },
    });
    expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
    return String(res.body.code);
  }

  const summaryOf = (page: Page) => page.getByRole("region", { name: /Order summary/ });

  /** Opens a code disclosure in `scope` and applies the code with the keyboard's Enter. */
  async function enterCode(
    page: Page,
    scope: "summary" | "drawer",
    toggle: string,
    label: string,
    code: string,
  ) {
    const root = scope === "summary" ? summaryOf(page) : page.getByRole("dialog", { name: "Your cart" });
    await root.getByText(toggle).click();
    await root.getByLabel(label).fill(code);
    await root.getByLabel(label).press("Enter");
  }

  it("applies a promotion code in the checkout summary, shows the discount and places the order with it", async () => {
    await createPromotion({
      label: "10 % off",
      codes: ["TENOFF"],
      effect: { kind: "order_percentage", ratePpm: 100_000 },
    });
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    const before = await grandTotal(page);

    // Typed in lower case: codes are matched case-insensitively.
    await enterCode(page, "summary", "Add a promotion code", "Promotion code", "tenoff");
    const summary = summaryOf(page);
    await eventually(() => text(summary)).toContain("Discount total");
    await eventually(() => text(summary.locator(".totals__row--discount"))).toMatch(/10 % off\s*TENOFF.*−\$/);
    await eventually(() => text(page.locator("p[aria-live]").last())).toContain("Code TENOFF applied");
    const after = await grandTotal(page);
    expect(after).not.toBe(before);

    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: `Pay ${after}` }).click();
    await page.waitForURL(/\/orders\//);
    const items = page.getByRole("region", { name: "Items" });
    await eventually(() => text(items)).toContain("10 % off");
    await eventually(() => text(items)).toContain("Discount total");
    await eventually(() => text(items)).toContain(after);
  });

  it("explains a refused code with its reason and keeps focus on the field", async () => {
    await createPromotion({
      label: "$20 off big orders",
      codes: ["BIGSPEND"],
      conditions: { minimumSubtotal: { USD: 500_000 } },
      effect: { kind: "order_fixed", amounts: { USD: 2_000 } },
    });
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Sticker Pack");
    const drawer = page.getByRole("dialog", { name: "Your cart" });
    await enterCode(page, "drawer", "Add a promotion code", "Promotion code", "BIGSPEND");
    const field = drawer.getByLabel("Promotion code");
    await eventually(() => text(drawer)).toContain("Your order doesn't reach the minimum for BIGSPEND yet");
    await eventually(() => field.getAttribute("aria-invalid")).toBe("true");
    await eventually(() => isFocused(field)).toBe(true);
    await eventually(() => text(page.locator("p[aria-live]").last())).toContain("Code BIGSPEND not applied");

    await field.fill("NOSUCHCODE");
    await field.press("Enter");
    await eventually(() => text(drawer)).toContain("We don't recognise the code NOSUCHCODE");
    await page.screenshot({ path: `${screenshots}/drawer-code-refused.png`, animations: "disabled" });
  });

  it("tells the shopper when an applied code stops applying and lets them remove it", async () => {
    await createPromotion({
      label: "$5 off over $40",
      codes: ["FIVEOVER40"],
      conditions: { minimumSubtotal: { USD: 4_000 } },
      effect: { kind: "order_fixed", amounts: { USD: 500 } },
    });
    const page = await h.newPage();
    await page.goto("/");
    await addToCart(page, "Organic Cotton Tee", "M");
    const drawer = page.getByRole("dialog", { name: "Your cart" });
    await drawer.getByRole("button", { name: /Increase/ }).click();
    await eventually(() => text(drawer)).toContain("$56.00");
    await enterCode(page, "drawer", "Add a promotion code", "Promotion code", "FIVEOVER40");
    await eventually(() => text(drawer)).toContain("$5 off over $40");

    await drawer.getByRole("button", { name: /Decrease/ }).click();
    const warning = drawer.locator(".rejected-codes");
    await eventually(() => text(warning)).toContain(
      "Your order doesn't reach the minimum for FIVEOVER40 yet",
    );
    await warning.getByRole("button", { name: "Remove code FIVEOVER40" }).click();
    await eventually(() => warning.count()).toBe(0);
  });

  it("places an order paid entirely by a gift card without asking for a card", async () => {
    const code = await issueGiftCard(100_000);
    const page = await h.newPage();
    const payments: string[] = [];
    page.on("request", (req) => {
      if (req.method() === "POST" && req.url().endsWith("/complete")) payments.push(req.postData() ?? "");
    });
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    await enterCode(page, "summary", "Pay with a gift card", "Gift card code", code);
    const summary = summaryOf(page);
    await eventually(() => text(summary)).toContain(`Gift card ••••ending in ${code.slice(-4)}`);
    await eventually(() => text(summary.locator(".totals__row--grand"))).toMatch(/Amount due\s*USD \$0\.00/);
    await expect.poll(() => page.getByLabel("Card number").count()).toBe(0);

    await page.getByRole("button", { name: "Place order" }).click();
    await page.waitForURL(/\/orders\//);
    expect(payments.map((b) => JSON.parse(b).payment)).toEqual([
      { provider: "test", token: "gift_card_only" },
    ]);
    const items = page.getByRole("region", { name: "Items" });
    await eventually(() => text(items)).toContain("Gift card");
    await eventually(() => text(items)).toMatch(/Charged\s*\$0\.00/);
  });

  it("shows a discount and a partial gift card without accessibility violations, on desktop and phone", async () => {
    await createPromotion({
      label: "Summer sale 15 %",
      codes: ["SUMMER15"],
      effect: { kind: "order_percentage", ratePpm: 150_000 },
    });
    for (const [name, width, height] of [
      ["desktop", 1280, 800],
      ["phone", 375, 812],
    ] as const) {
      const code = await issueGiftCard(1_000);
      const page = await h.newPage({ width, height });
      await page.goto("/");
      await addToCart(page, "Organic Cotton Tee", "M");
      // Entered in the drawer; the checkout summary then shows the same code and card.
      const drawer = page.getByRole("dialog", { name: "Your cart" });
      await enterCode(page, "drawer", "Add a promotion code", "Promotion code", "SUMMER15");
      await eventually(() => text(drawer)).toContain("Summer sale 15 %");
      await enterCode(page, "drawer", "Pay with a gift card", "Gift card code", code);
      await eventually(() => text(drawer)).toContain("$10.00 balance");
      await eventually(() => text(drawer)).toMatch(/Items\s*\$28\.00.*Subtotal\s*\$23\.80/);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await page.screenshot({
        path: `${screenshots}/drawer-discount-gift-card-${name}.png`,
        animations: "disabled",
      });

      await goToCheckout(page);
      await fillContactAndAddress(page);
      const summary = summaryOf(page);
      await eventually(() => text(summary)).toContain("Summer sale 15 %");
      await eventually(() => text(summary)).toContain("Amount due");
      const due = await grandTotal(page);
      await page.getByRole("button", { name: `Pay ${due}` }).waitFor();
      await fillCard(page, "4242 4242 4242 4242");
      expect(await seriousA11yViolations(page)).toEqual([]);
      const overflow = await page.evaluate(() => {
        const w = globalThis as unknown as BrowserGlobals;
        return w.document.documentElement.scrollWidth - w.innerWidth;
      });
      expect(overflow).toBeLessThanOrEqual(0);
      await page.evaluate(() => (globalThis as unknown as BrowserGlobals).scrollTo(0, 0));
      await page.screenshot({
        path: `${screenshots}/checkout-discount-gift-card-${name}.png`,
        fullPage: true,
        animations: "disabled",
      });

      await page.getByRole("button", { name: `Pay ${due}` }).click();
      await page.waitForURL(/\/orders\//);
      await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain("Summer sale 15 %");
      await page.screenshot({
        path: `${screenshots}/confirmation-discount-gift-card-${name}.png`,
        fullPage: true,
        animations: "disabled",
      });
    }
    // Two whole checkouts (desktop and phone): more than the default 30 s on a loaded machine.
  }, 120_000);
});
