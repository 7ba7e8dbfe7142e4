import { existsSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { expect } from "vitest";
import { startTestApp, type TestApp } from "../support/app.ts";
import { ensureWebAppBuilt } from "./build-web-app.ts";

export const chromiumPath = "/usr/bin/chromium";

/**
 * Browser tests need Chromium. A developer machine without it skips them with a message; CI
 * never skips (a missing browser fails the run there).
 */
export const skipBrowserTests = !existsSync(chromiumPath) && !process.env.CI;
if (skipBrowserTests) {
  console.warn(
    `Skipping browser tests: ${chromiumPath} is missing. Install it with: apt-get install -y chromium`,
  );
}

/** Builds the storefront when its dist is missing or stale (see build-web-app.ts). */
export const ensureStorefrontBuilt = (): void => ensureWebAppBuilt("storefront");

export interface Harness {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  /** `bypassCSP: false` runs the page under the app's real CSP (the axe scan then cannot inject). */
  newPage(options?: { width?: number; height?: number; locale?: string; bypassCSP?: boolean }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A real server on a free port (fresh PGlite, demo catalog) and one headless Chromium; `env`
 * overrides settings (e.g. STORE_CURRENCIES).
 */
export async function startHarness(env: Record<string, string> = {}): Promise<Harness> {
  ensureStorefrontBuilt();
  const app = await startTestApp("pglite", {}, env);
  await app.server.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.server.address();
  if (!address || typeof address === "string") throw new Error("server is not listening on a port");
  const baseUrl = `http://127.0.0.1:${address.port}`;
  // No --user-data-dir here: Playwright refuses it in args and itself starts Chromium with a fresh
  // profile in a temp dir, removed on close; every test also gets its own incognito context.
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const contexts: BrowserContext[] = [];
  return {
    app,
    baseUrl,
    browser,
    async newPage({ width = 1280, height = 800, locale = "en-US", bypassCSP = true } = {}) {
      // bypassCSP lets the axe scan inject its script; the app itself runs under its real CSP otherwise.
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width, height },
        locale,
        timezoneId: "UTC",
        bypassCSP,
      });
      contexts.push(context);
      const page = await context.newPage();
      page.setDefaultTimeout(10_000);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
    },
  };
}

/**
 * The page's globals, typed here because the root tsconfig (Node code) has no DOM library.
 * Cast globalThis inline inside page.evaluate-style callbacks: they are serialized and run in
 * the browser, so they cannot call helpers from this module.
 */
export interface BrowserGlobals {
  document: {
    activeElement: unknown;
    querySelector(selector: string): unknown;
    documentElement: { scrollWidth: number };
  };
  innerWidth: number;
  scrollTo(x: number, y: number): void;
}

/** Polls until the assertion holds: the page updates asynchronously, sleeps would be flaky. */
export const eventually = <T>(read: () => Promise<T>) => expect.poll(read, { timeout: 10_000, interval: 50 });

/** Visible text with every kind of space (Intl uses no-break ones: "26,00 €") as a plain space. */
export const text = async (locator: Locator): Promise<string> =>
  ((await locator.textContent()) ?? "").replace(/\s/gu, " ");

export const isFocused = (locator: Locator): Promise<boolean> =>
  locator.evaluate((el) => el === (globalThis as unknown as BrowserGlobals).document.activeElement);

/** The order total as the summary shows it, once no update is pending. */
export async function grandTotal(page: Page): Promise<string> {
  const summary = page.getByRole("region", { name: /Order summary/ });
  await eventually(() => summary.getAttribute("aria-busy")).toBe("false");
  return text(summary.locator(".totals__row--grand .price"));
}

export const testAddress = {
  firstName: "Ada",
  lastName: "Lovelace",
  line1: "12 Main St",
  city: "Springfield",
  region: "IL",
  postalCode: "62701",
};

/** Adds a product from the list page (choosing a variant when it has several) and opens checkout. */
export async function addToCart(page: Page, productTitle: string, variant?: string): Promise<void> {
  const card = page.locator(".product-card", { has: page.getByRole("heading", { name: productTitle }) });
  if (variant) await card.getByRole("radio", { name: variant, exact: true }).check();
  await card.getByRole("button", { name: /Add to cart/ }).click();
  await page.getByRole("dialog", { name: "Your cart" }).waitFor();
}

export async function goToCheckout(page: Page): Promise<void> {
  await page.getByRole("dialog", { name: "Your cart" }).getByRole("button", { name: "Check out" }).click();
  // The checkout is a lazily loaded chunk: its first load on a busy CI machine can take a while.
  await page.getByRole("heading", { name: "Checkout", level: 1 }).waitFor({ timeout: 20_000 });
}

/** Fills contact and address the way a shopper does (typing, tabbing), then waits for shipping. */
export async function fillContactAndAddress(
  page: Page,
  address: Partial<typeof testAddress> & { country?: string } = {},
): Promise<void> {
  const a = { ...testAddress, ...address };
  await page.getByLabel("Email").fill("ada@example.com");
  if (a.country) await page.getByLabel("Country").selectOption(a.country);
  await page.getByLabel("First name").fill(a.firstName);
  await page.getByLabel("Last name").fill(a.lastName);
  await page.getByLabel("Address", { exact: true }).fill(a.line1);
  await page.getByLabel("City").fill(a.city);
  if (a.region) {
    // A list where the store knows the codes (US, CA, AU), free text elsewhere.
    const region = page.locator("#region");
    if ((await region.evaluate((el) => (el as { tagName: string }).tagName)) === "SELECT")
      await region.selectOption(a.region);
    else await region.fill(a.region);
  }
  await page.locator("#postalCode").fill(a.postalCode);
  await page.locator("#postalCode").press("Tab");
  await page.getByRole("radio", { name: /Standard/ }).waitFor();
  await page.waitForFunction(() =>
    (globalThis as unknown as BrowserGlobals).document.querySelector('input[name="shipping-method"]:checked'),
  );
}

export async function fillCard(page: Page, number: string): Promise<void> {
  await page.getByLabel("Card number").fill(number);
  await page.getByLabel("Expiry date").fill("12 / 34");
  await page.getByLabel("Security code").fill("123");
}

/** Runs axe-core in the page; returns the serious and critical violations. */
export async function seriousA11yViolations(
  page: Page,
): Promise<{ id: string; help: string; targets: string[] }[]> {
  const { source } = await import("axe-core");
  await page.evaluate(source);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
    return axe.run();
  });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ id: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")) }));
}

interface AxeResults {
  violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
}
