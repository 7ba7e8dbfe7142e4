import { existsSync, statSync } from "node:fs";
import { join, normalize, sep } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

/** Where `npm run build` puts the storefront. */
export const storefrontDist = fileURLToPath(new URL("../../web/storefront/dist/", import.meta.url));
/** Where `npm run build` puts the merchant center (built with base /admin/). */
export const adminDist = fileURLToPath(new URL("../../web/admin/dist/", import.meta.url));

/** Paths the API owns: an unknown one must stay a problem+json 404, never the storefront's HTML. */
const apiPrefixes = ["/store", "/admin", "/docs", "/openapi.json", "/health", "/ready"];

function isApiPath(path: string): boolean {
  return apiPrefixes.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`));
}

/** Provider scripts the storefront's checkout loads at runtime, when the store uses them. */
export interface WalletScripts {
  stripe?: boolean;
  paypal?: boolean;
}

/**
 * The storefront talks only to this origin (card data for the test provider goes to our own
 * tokenizer route), plus the origins Stripe.js and PayPal's SDK document for their CSP when the
 * store offers them: their scripts, frames (the Payment Element, PayPal's window) and API calls.
 */
export function contentSecurityPolicy(wallets: WalletScripts = {}): string {
  const stripe = wallets.stripe ? ["https://js.stripe.com", "https://*.js.stripe.com"] : [];
  const paypal = wallets.paypal ? ["https://*.paypal.com", "https://*.paypalobjects.com"] : [];
  const list = (...sources: string[]) => sources.join(" ");
  return [
    "default-src 'self'",
    `script-src ${list("'self'", ...stripe, ...paypal)}`,
    "style-src 'self' 'unsafe-inline'",
    `img-src ${list("'self'", "data:", ...paypal)}`,
    `connect-src ${list("'self'", ...(wallets.stripe ? ["https://api.stripe.com"] : []), ...paypal)}`,
    `frame-src ${list("'self'", ...stripe, ...(wallets.stripe ? ["https://hooks.stripe.com"] : []), ...paypal)}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

const notBuiltPage = (what: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${what} not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; padding: 0 1rem">
<h1>The ${what.toLowerCase()} is not built yet</h1>
<p>Run <code>npm run build</code> (or <code>npm start</code>, which builds first), then reload.</p>
<p>The API is up: see <a href="/docs">/docs</a>.</p>
</body></html>`;
const notBuilt = notBuiltPage("Storefront");
const adminNotBuilt = notBuiltPage("Merchant center");

/**
 * Serves the built storefront at / with an SPA fallback: a GET that is not an API path and
 * accepts text/html gets index.html, so deep links (/checkout, /orders/…) load the app.
 * Also serves the merchant center at /admin (see adminUi). Register it last: its catch-all
 * route only sees what no other route matched.
 */
export const staticRoutes = (
  root: string = storefrontDist,
  adminRoot: string = adminDist,
  wallets: WalletScripts = {},
): FastifyPluginAsync => {
  const storefrontPolicy = contentSecurityPolicy(wallets);
  const adminPolicy = contentSecurityPolicy();
  const plugin: FastifyPluginAsync = async (app) => {
    await app.register(fastifyStatic, { root, serve: false, index: false, wildcard: false });

    const sendIndex = (reply: FastifyReply, from: string = root) =>
      reply
        .header("cache-control", "no-cache")
        .header("content-security-policy", from === root ? storefrontPolicy : adminPolicy)
        .header("x-content-type-options", "nosniff")
        .header("referrer-policy", "strict-origin-when-cross-origin")
        .sendFile("index.html", from, { cacheControl: false });

    app.addHook("onRequest", async (req, reply) => {
      const wanted = adminUiRequest(req);
      if (!wanted) return;
      const built = existsSync(join(adminRoot, "index.html"));
      if (wanted !== "page") {
        // A missing asset goes on to the catch-all, which answers 404.
        const file = built ? existingFile(adminRoot, wanted.file) : undefined;
        return file ? sendAsset(reply, file, adminRoot) : undefined;
      }
      if (!built)
        return reply.code(200).header("cache-control", "no-store").type("text/html").send(adminNotBuilt);
      return sendIndex(reply, adminRoot);
    });

    app.get("/*", { schema: { hide: true } }, async (req, reply) => {
      const path = decodeURIComponent(req.url.split("?")[0] ?? "/");
      if (isApiPath(path)) return reply.callNotFound();
      // Checked per request so a build made while the server runs is picked up without a restart.
      const built = existsSync(join(root, "index.html"));
      const file = built ? existingFile(root, path) : undefined;
      if (file) return sendAsset(reply, file, root);
      if (!accepts(req, "text/html")) return reply.callNotFound();
      if (!built) return reply.code(200).header("cache-control", "no-store").type("text/html").send(notBuilt);
      return sendIndex(reply);
    });
  };
  // Not encapsulated, so the merchant center's onRequest hook also sees the /admin/… paths that
  // API routes own: a browser opening /admin/orders must get the app, not a 401.
  Object.assign(plugin, { [Symbol.for("skip-override")]: true });
  return plugin;
};

const accepts = (req: FastifyRequest, type: string) => (req.headers.accept ?? "").includes(type);

function sendAsset(reply: FastifyReply, file: string, root: string) {
  // Vite fingerprints everything under assets/: safe to cache for a year.
  const immutable = file.startsWith(`assets${sep}`) || file.startsWith("assets/");
  reply.header("cache-control", immutable ? "public, max-age=31536000, immutable" : "no-cache");
  reply.header("x-content-type-options", "nosniff");
  return reply.sendFile(file, root, { cacheControl: false });
}

/**
 * Which merchant-center resource a request is for, if any. The app and the Admin API share the
 * /admin prefix, so the page is served only to what a browser's navigation sends: a GET that
 * accepts text/html and carries no API key. API clients (Bearer key, JSON) always reach the API.
 * `/admin/assets/…` holds only the app's built files; no API route lives there.
 */
function adminUiRequest(req: FastifyRequest): "page" | { file: string } | undefined {
  if (req.method !== "GET" && req.method !== "HEAD") return undefined;
  const path = decodePath(req.url);
  if (path === undefined) return undefined;
  if (path.startsWith("/admin/assets/")) return { file: path.slice("/admin/".length) };
  if (path !== "/admin" && path !== "/admin/" && !path.startsWith("/admin/")) return undefined;
  if (req.headers.authorization || !accepts(req, "text/html")) return undefined;
  return "page";
}

function decodePath(url: string): string | undefined {
  try {
    return decodeURIComponent(url.split("?")[0] ?? "/");
  } catch {
    return undefined;
  }
}

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
