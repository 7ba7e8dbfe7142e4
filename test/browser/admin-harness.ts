import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { generateDemoHistory, TravelClock } from "../../src/app/demo-history.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import { chromiumPath, ensureStorefrontBuilt } from "./browser-harness.ts";

const repo = fileURLToPath(new URL("../../", import.meta.url));
const admin = join(repo, "web/admin");

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isAdminBuildFresh(): boolean {
  const index = join(admin, "dist/index.html");
  const sources = Math.max(
    newestMtime(join(admin, "src")),
    statSync(join(admin, "index.html")).mtimeMs,
    statSync(join(admin, "vite.config.ts")).mtimeMs,
  );
  return existsSync(index) && statSync(index).mtimeMs >= sources;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/** Builds the merchant center when dist is missing or stale; a lock directory serializes parallel workers. */
export function ensureAdminBuilt(): void {
  const lock = join(admin, ".build-lock");
  for (let waited = 0; !isAdminBuildFresh(); waited += 100) {
    try {
      mkdirSync(lock);
    } catch {
      if (waited > 60_000) rmSync(lock, { recursive: true, force: true });
      sleepSync(100);
      continue;
    }
    try {
      if (!isAdminBuildFresh()) {
        execFileSync(
          process.execPath,
          [
            join(repo, "node_modules/vite/bin/vite.js"),
            "build",
            "--config",
            join(admin, "vite.config.ts"),
            "--logLevel",
            "warn",
          ],
          {
            cwd: repo,
            stdio: ["ignore", "ignore", "inherit"],
            env: { ...process.env, NODE_ENV: "production" },
          },
        );
      }
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

export interface AdminHarness {
  app: TestApp;
  baseUrl: string;
  browser: Browser;
  newPage(options?: { width?: number; height?: number }): Promise<Page>;
  /** A page already signed in with the admin key (sessionStorage seeded before any script runs). */
  signedInPage(options?: { width?: number; height?: number }): Promise<Page>;
  close(): Promise<void>;
}

/**
 * A real server (fresh PGlite, demo catalog, `history` demo checkouts over the last 60 days) and
 * one headless Chromium for the merchant center.
 */
export async function startAdminHarness({ history = 0 }: { history?: number } = {}): Promise<AdminHarness> {
  ensureStorefrontBuilt();
  ensureAdminBuilt();
  const clock = new TravelClock();
  const app = await startTestApp("pglite", { clock });
  if (history > 0)
    await generateDemoHistory(app, clock, { checkouts: history, seed: 7, adminKey: app.apiKey });
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
