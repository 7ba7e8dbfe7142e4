import { mkdirSync, readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  addToCart,
  type BrowserGlobals,
  eventually,
  fillCard,
  fillContactAndAddress,
  goToCheckout,
  type Harness,
  seriousA11yViolations,
  skipBrowserTests,
  startHarness,
  text,
} from "./browser-harness.ts";

const screenshots = "test-results/screenshots";

/** A guest checkout with a test card, ending on the confirmation page; returns the order number. */
async function placeOrder(page: Page, product = "Enamel Camp Mug"): Promise<string> {
  await page.goto("/");
  await addToCart(page, product);
  await goToCheckout(page);
  await fillContactAndAddress(page);
  await fillCard(page, "4242 4242 4242 4242");
  await page.getByRole("button", { name: /^Pay / }).click();
  await page.waitForURL(/\/orders\/[\w-]+$/);
  await eventually(() => text(page.locator(".order-number"))).toMatch(/^CW-/);
  return text(page.locator(".order-number"));
}

/** The first bytes of the Blob behind the receipt link, read in the page as a shopper's browser holds it. */
async function receiptMagic(page: Page): Promise<string> {
  const link = page.getByRole("link", { name: "Download receipt (PDF)" });
  await link.waitFor();
  const href = (await link.getAttribute("href")) ?? "";
  expect(href).toMatch(/^blob:/);
  return page.evaluate(async (url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    return String.fromCharCode(...bytes.slice(0, 5));
  }, href);
}

describe.skipIf(skipBrowserTests)("order status page and checkout funnel", () => {
  let h: Harness;

  beforeAll(async () => {
    mkdirSync(screenshots, { recursive: true });
    h = await startHarness();
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  it("opens the order from the confirmation's status link and downloads its receipt as a PDF", async () => {
    const page = await h.newPage();
    const number = await placeOrder(page);

    // The confirmation offers the receipt too, with the token from the completion response.
    const confirmationDownload = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download receipt (PDF)" }).click();
    expect((await confirmationDownload).suggestedFilename()).toBe(`receipt-${number}.pdf`);
    expect(await receiptMagic(page)).toBe("%PDF-");

    const track = page.getByRole("link", { name: "Track your order" });
    expect(await track.getAttribute("href")).toMatch(/^\/orders\/ord_[0-9a-f]+#token=.+/);
    await track.click();
    await page.waitForURL(/\/orders\/ord_[0-9a-f]+#token=/);
    await eventually(() => text(page.getByRole("heading", { level: 1 }))).toBe(`Order ${number}`);
    await eventually(() => text(page.locator(".status-pill"))).toBe("Being prepared");
    const progress = page.getByRole("region", { name: "Progress" });
    await eventually(() => text(progress)).toContain("Order placed");
    // Dates come from Intl in the shopper's locale (en-US here): "Nov 22, 2026, 5:23 AM".
    expect(await text(progress)).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/);
    await eventually(() => text(page.getByRole("region", { name: "Items" }))).toContain("Enamel Camp Mug");
    await eventually(() => text(page.getByRole("region", { name: "Delivery" }))).toContain(
      "Estimated delivery",
    );
    expect(await seriousA11yViolations(page)).toEqual([]);

    const receipt = page.waitForResponse((r) => r.url().endsWith("/receipt.pdf"));
    const download = page.waitForEvent("download");
    await page.getByRole("button", { name: "Download receipt (PDF)" }).click();
    const response = await receipt;
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toContain("application/pdf");
    // The saved file and the Blob behind the link: what the shopper actually gets.
    const saved = await (await download).path();
    expect(readFileSync(saved).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    expect(await receiptMagic(page)).toBe("%PDF-");
    await page.screenshot({ path: `${screenshots}/order-status-desktop.png`, fullPage: true });

    // The same link on a phone: no sideways scrolling.
    const phone = await h.newPage({ width: 375, height: 812 });
    await phone.goto(page.url());
    await eventually(() => text(phone.getByRole("heading", { level: 1 }))).toBe(`Order ${number}`);
    const overflow = await phone.evaluate(() => {
      const w = globalThis as unknown as BrowserGlobals;
      return w.document.documentElement.scrollWidth - w.innerWidth;
    });
    expect(overflow).toBeLessThanOrEqual(0);
    await phone.screenshot({ path: `${screenshots}/order-status-phone.png`, fullPage: true });
  });

  it("says the order cannot be found when the token is wrong or missing", async () => {
    const page = await h.newPage();
    await placeOrder(page, "Sticker Pack");
    const href = (await page.getByRole("link", { name: "Track your order" }).getAttribute("href")) ?? "";
    const path = href.split("#")[0] ?? "";

    await page.goto(`${path}#token=not-the-right-token-at-all`);
    const alert = page.getByRole("alert");
    await eventually(() => text(alert)).toBe("We couldn't find this order — check the link in your email.");
    expect(await page.locator(".order-number").count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);

    const bare = await h.newPage();
    await bare.goto(path);
    await eventually(() => text(bare.getByRole("alert"))).toBe(
      "We couldn't find this order — check the link in your email.",
    );
  });

  it("reports each funnel step once, and the admin funnel counts every step", async () => {
    const page = await h.newPage();
    const reports: { step: string; device: string; hasToken: boolean }[] = [];
    const statuses: number[] = [];
    page.on("request", (req) => {
      if (!req.url().endsWith("/store/analytics/events")) return;
      const body = JSON.parse(req.postData() ?? "{}") as { step: string; device: string };
      reports.push({ ...body, hasToken: req.headers()["x-cart-token"] !== undefined });
    });
    page.on("response", (res) => {
      if (res.url().endsWith("/store/analytics/events")) statuses.push(res.status());
    });
    await placeOrder(page, "Trail Hoodie");
    const steps = ["cart_viewed", "checkout_started", "contact", "address", "shipping", "payment"];
    await eventually(async () => reports.map((r) => r.step).sort()).toEqual([...steps].sort());
    await eventually(async () => statuses.length).toBe(steps.length);
    expect(statuses.every((s) => s === 202)).toBe(true);
    expect(reports.every((r) => r.device === "desktop" && r.hasToken)).toBe(true);

    const funnel = await h.app.call("GET", "/admin/analytics/funnel", {
      headers: { authorization: `Bearer ${h.app.apiKey}` },
    });
    expect(funnel.status).toBe(200);
    const counts = Object.fromEntries(
      (funnel.body.steps as { step: string; count: number }[]).map((s) => [s.step, s.count]),
    );
    for (const step of steps) expect(counts[step], step).toBeGreaterThanOrEqual(1);
  });

  it("reports the device by viewport width", async () => {
    const page = await h.newPage({ width: 375, height: 812 });
    const devices: string[] = [];
    page.on("request", (req) => {
      if (req.url().endsWith("/store/analytics/events"))
        devices.push((JSON.parse(req.postData() ?? "{}") as { device: string }).device);
    });
    await page.goto("/");
    await addToCart(page, "Sticker Pack");
    await eventually(async () => devices).toEqual(["mobile"]);
  });
});
