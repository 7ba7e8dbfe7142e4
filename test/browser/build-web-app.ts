import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = fileURLToPath(new URL("../../", import.meta.url));

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function isBuildFresh(app: string): boolean {
  const index = join(app, "dist/index.html");
  const sources = Math.max(
    newestMtime(join(app, "src")),
    statSync(join(app, "index.html")).mtimeMs,
    statSync(join(app, "vite.config.ts")).mtimeMs,
  );
  return existsSync(index) && statSync(index).mtimeMs >= sources;
}

const sleepSync = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

/**
 * Builds a Vite app under web/ (`storefront`, `admin`) when its dist is missing or older than its
 * sources (seconds with Vite). Test files run in parallel workers, so a lock directory lets one
 * build while the others wait.
 */
export function ensureWebAppBuilt(name: "storefront" | "admin"): void {
  const app = join(repo, "web", name);
  const lock = join(app, ".build-lock");
  for (let waited = 0; !isBuildFresh(app); waited += 100) {
    try {
      mkdirSync(lock);
    } catch {
      // Another worker is building; a lock older than a minute was left by a crash.
      if (waited > 60_000) rmSync(lock, { recursive: true, force: true });
      sleepSync(100);
      continue;
    }
    try {
      if (!isBuildFresh(app)) {
        execFileSync(
          process.execPath,
          [
            join(repo, "node_modules/vite/bin/vite.js"),
            "build",
            "--config",
            join(app, "vite.config.ts"),
            "--logLevel",
            "warn",
          ],
          // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
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
