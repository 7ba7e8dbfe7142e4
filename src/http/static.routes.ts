import { existsSync, statSync } from "node:fs";
import { join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply } from "fastify";

/** Where `npm run build` puts the storefront. */
export const storefrontDist = fileURLToPath(new URL("../../web/storefront/dist/", import.meta.url));

/** Paths the API owns: an unknown one must stay a problem+json 404, never the storefront's HTML. */
const apiPrefixes = ["/store", "/admin", "/docs", "/openapi.json", "/health", "/ready"];

function isApiPath(path: string): boolean {
  return apiPrefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

// The storefront talks only to this origin; card data goes to our own tokenizer route.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join("; ");

const notBuilt = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Storefront not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>The storefront is not built yet</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload.</p>
<p>The API is up: see <a href="/docs">/docs</a>.</p>
</body></html>`;

/**
 * Serves the built storefront at / with an SPA fallback: a GET that is not an API path and
 * accepts text/html gets index.html, so deep links (/checkout, /orders/…) load the app.
 * Register it last: its catch-all route only sees what no other route matched.
 */
export const staticRoutes =
  (root: string = storefrontDist): FastifyPluginAsync =>
  async (app) => {
    await app.register(fastifyStatic, { root, serve: false, index: false, wildcard: false });

    const sendIndex = (reply: FastifyReply) =>
      reply
        .header("cache-control", "no-cache")
        .header("content-security-policy", contentSecurityPolicy)
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "strict-origin-when-cross-origin")
        .sendFile("index.html", { cacheControl: false });

    app.get("/*", { schema: { hide: true } }, async (req, reply) => {
      const path = decodeURIComponent(req.url.split("?")[0] ?? "/");
      if (isApiPath(path)) return reply.callNotFound();
      // Checked per request so a build made while the server runs is picked up without a restart.
      const built = existsSync(join(root, "index.html"));
      const file = built ? existingFile(root, path) : undefined;
      if (file) {
        // Vite fingerprints everything under assets/: safe to cache for a year.
        const immutable = file.startsWith(`assets${sep}`) || file.startsWith("assets/");
        reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
        reply.header("x-content-type-options", "nosniff");
        return reply.sendFile(file, { cacheControl: false });
      }
      if (!(req.headers.accept ?? "").includes("text/html")) return reply.callNotFound();
      if (!built) return reply.code(200).header("cache-control", "no-store").type("text/html").send(notBuilt);
      return sendIndex(reply);
    });
  };

/** The file under root that `urlPath` names, relative to root; undefined for directories, escapes, misses. */
function existingFile(root: string, urlPath: string): string | undefined {
  const relative = normalize(urlPath).replace(/^[/\\]+/, "");
  if (!relative || relative.startsWith("..") || relative === "index.html") return undefined;
  const full = join(root, relative);
  if (!full.startsWith(root)) return undefined;
  try {
    return statSync(full).isFile() ? relative : undefined;
  } catch {
    return undefined;
  }
}
