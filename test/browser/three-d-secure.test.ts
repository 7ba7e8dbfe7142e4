import { mkdirSync } from "node:fs";
import { sql } from "drizzle-orm";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { queryRows } from "../../src/shared/db/database.ts";
import {
  addToCart,
  type BrowserGlobals,
  eventually,
  fillCard,
  fillContactAndAddress,
  goToCheckout,
  type Harness,
  isFocused,
  skipBrowserTests,
  startHarness,
  text,
} from "./browser-harness.ts";

const screenshots = "test-results/screenshots";

/**
 * axe on the dialog and the bank's page in it. The page behind the modal is inert and dimmed by
 * the backdrop (its summary fades while placing), so its contrast is not what a shopper reads now.
 */
async function dialogA11yViolations(page: Page): Promise<{ id: string; targets: string[] }[]> {
  const { source } = await import("axe-core");
  const found: { id: string; targets: string[] }[] = [];
  for (const [frame, selector] of [
    [page.mainFrame(), "dialog.challenge"],
    [page.frames().find((f) => f.url().includes("/challenges/")), "body"],
  ] as const) {
    if (!frame) throw new Error("the challenge frame is missing");
    await frame.evaluate(source);
    const results = await frame.evaluate(async (scope) => {
      const axe = (globalThis as unknown as { axe: { run(c: string): Promise<AxeResults> } }).axe;
      return axe.run(scope);
    }, selector);
    for (const v of results.violations)
      if (v.impact === "serious" || v.impact === "critical")
        found.push({ id: v.id, targets: v.nodes.map((n) => n.target.join(" ")) });
  }
  return found;
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}

describe.skipIf(skipBrowserTests)("3-D Secure in the storefront", () => {
  let h: Harness;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness();
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  /** A checkout paid with the card that always asks for a challenge, up to the open dialog. */
  async function challenged(page: Page, completes: string[]) {
    page.on("request", (req) => {
      if (req.method() === "POST" && req.url().endsWith("/complete"))
        completes.push(req.headers()["idempotency-key"] ?? "");
    });
    await page.goto("/");
    await addToCart(page, "Enamel Camp Mug");
    await goToCheckout(page);
    await fillContactAndAddress(page);
    await fillCard(page, "4000 0000 0000 3220");
    await page.getByRole("button", { name: /^Pay / }).click();
    const dialog = page.getByRole("dialog", { name: "Confirm your payment" });
    await dialog.waitFor();
    const bank = page.frameLocator('iframe[title="Your bank\'s security check"]');
    await bank.getByRole("button", { name: "Complete authentication" }).waitFor();
    return { dialog, bank };
  }

  const orderCount = async () =>
    Number((await queryRows<{ n: string }>(h.app.database.db, sql`select count(*) as n from orders`))[0]!.n);

  it("shows the bank's challenge in an accessible dialog and places the order once after approval", async () => {
    const page = await h.newPage();
    const completes: string[] = [];
    const before = await orderCount();
    const { dialog, bank } = await challenged(page, completes);
    expect(await text(bank.locator("body"))).toContain("ending in 3220");
    // A modal dialog: focus moved into it, so keyboard users are where the question is.
    const focusInside = () =>
      dialog.evaluate((el) =>
        el.contains((globalThis as unknown as BrowserGlobals).document.activeElement as never),
      );
    await eventually(focusInside).toBe(true);
    await page.screenshot({ path: `${screenshots}/checkout-3ds-challenge.png`, animations: "disabled" });
    expect(await dialogA11yViolations(page)).toEqual([]);

    await bank.getByRole("button", { name: "Complete authentication" }).click();
    await page.waitForURL(/\/orders\/[\w-]+$/);
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toContain("Thank you, Ada");
    expect(await orderCount()).toBe(before + 1);
    // The first answer asked for the challenge; completing again resumed the same attempt.
    expect(completes).toHaveLength(2);
  });

  it("explains a failed challenge and lets the shopper pay with another card", async () => {
    const page = await h.newPage();
    const completes: string[] = [];
    const { dialog, bank } = await challenged(page, completes);
    await bank.getByRole("button", { name: "Fail authentication" }).click();
    await dialog.waitFor({ state: "detached" });
    const alert = page.getByRole("alert").filter({ hasText: "Payment declined" });
    await eventually(() => text(alert)).toContain("declined");
    await eventually(() => isFocused(alert)).toBe(true);
    await page.screenshot({ path: `${screenshots}/checkout-3ds-failed.png`, animations: "disabled" });

    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Pay / }).click();
    await page.waitForURL(/\/orders\//);
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toContain("Thank you");
  });

  it("releases the cart when the shopper closes the challenge with Escape, and nothing is charged", async () => {
    const page = await h.newPage();
    const completes: string[] = [];
    const before = await orderCount();
    const { dialog } = await challenged(page, completes);
    const cancels: string[] = [];
    page.on("request", (req) => {
      if (req.url().endsWith("/payment-action/cancel")) cancels.push(req.method());
    });
    await page.keyboard.press("Escape");
    await dialog.waitFor({ state: "detached" });
    const alert = page.getByRole("alert").filter({ hasText: "Your order was not placed" });
    await eventually(() => text(alert)).toContain("You closed your bank's check");
    expect(cancels).toEqual(["POST"]);
    expect(await orderCount()).toBe(before);

    // The cart is open again: the shopper can change it and pay another way at once.
    await fillCard(page, "4242 4242 4242 4242");
    await page.getByRole("button", { name: /^Pay / }).click();
    await page.waitForURL(/\/orders\//);
    expect(await orderCount()).toBe(before + 1);
  });
});
