import { mkdirSync } from "node:fs";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type DemoHistoryReport, generateDemoHistory, TravelClock } from "../../src/app/demo-history.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { chromiumPath, ensureStorefrontBuilt } from "./browser-harness.ts";
import { ensureWebAppBuilt } from "./build-web-app.ts";

/** Builds the merchant center when its dist is missing or stale (see build-web-app.ts). */
export const ensureAdminBuilt = (): void => ensureWebAppBuilt("admin");

export interface AdminHarness {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  /** What the demo history wrote (when asked for one): how many orders, abandonments, recoveries. */
  history: DemoHistoryReport | undefined;
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  /** A page already signed in with the admin key (sessionStorage seeded before any script runs). */
  signedInPage(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A real server (fresh PGlite, demo catalog, `history` demo checkouts over the last 60 days,
 * settings from `env`, e.g. bank transfer) and one headless Chromium for the merchant center.
 */
export async function startAdminHarness({
  history = 0,
  env = {},
}: {
  history?: number;
  env?: Record<string, string>;
} = {}): Promise<AdminHarness> {
  ensureStorefrontBuilt();
  ensureAdminBuilt();
  const clock = new TravelClock();
  const app = await startTestApp("pglite", { clock }, env);
  // The plan is laid out back from now, so how many reminded shoppers come back varies by the hour.
  const report =
    history > 0
      ? await generateDemoHistory(app, clock, { checkouts: history, seed: 7, adminKey: app.apiKey })
      : undefined;
  await app.server.listen({ port: 0, host: "127.0.0.1" });
  const address = app.server.server.address();
  if (!address || typeof address === "string") throw new Error("server is not listening on a port");
  const baseUrl = `http://127.0.0.1:${address.port}`;
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
  const newPage = async ({ width = 1366, height = 900 } = {}) => {
    const context = await browser.newContext({
      baseURL: baseUrl,
      viewport: { width, height },
      locale: "en-US",
      timezoneId: "UTC",
      bypassCSP: true,
    });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    return page;
  };
  return {
    app,
    baseUrl,
    browser,
    history: report,
    newPage,
    async signedInPage(options) {
      const page = await newPage(options);
      await page.addInitScript((key) => {
        (
          globalThis as unknown as { sessionStorage: { setItem(k: string, v: string): void } }
        ).sessionStorage.setItem("cartwright.admin.key", key);
      }, app.apiKey);
      return page;
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await app.close();
    },
  };
}

export const screenshots = "test-results/screenshots";
mkdirSync(screenshots, { recursive: true });
