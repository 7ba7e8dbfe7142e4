import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { address, type TestApp } from "../support/app.ts";

/** Response bodies, read loosely as in test/support/app.ts. */
type Json = Awaited<ReturnType<TestApp["call"]>>["body"];

/**
 * A real Cartwright server in its own OS process (`node --import tsx src/main.ts`), for tests
 * that kill processes or run several servers on one PostgreSQL database.
 */
export interface ServerProcess {
  readonly baseUrl: string;
  readonly pid: number;
  /** The Admin API key, printed only by the process that seeded the database. */
  readonly apiKey: string | undefined;
  call(
    method: string,
    path: string,
    options?: { body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: Json; headers: Headers }>;
  /** Resolves when the process has written text matching `pattern` to stderr; its stderr so far. */
  waitForOutput(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** Everything the process wrote to stderr so far. */
  output(): string;
  /** Kills the process with `signal` (SIGKILL: no shutdown code runs) and waits for it to exit. */
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** `databaseUrl` undefined: the embedded database in DATA_DIR (pass one in `env`), as `npm start`. */
export async function startServerProcess(
  databaseUrl: string | undefined,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: new URL("../..", import.meta.url).pathname,
    env: {
      ...process.env,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      PORT: String(port),
      HOST: "127.0.0.1",
      SEED_DEMO: "true",
      DEMO_HISTORY: "false",
      LOG_LEVEL: "silent",
      DATABASE_POOL_SIZE: "10",
      ...env,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let stderr = "";
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await new Promise<void>((resolve, reject) => {
    // Start-up transpiles the whole tree with tsx: about 30 s when every core is busy.
    const timer = setTimeout(() => reject(new Error(`server did not start in 90 s:\n${stderr}`)), 90_000);
    child.stderr!.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      if (stderr.includes("Cartwright is running")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening:\n${stderr}`));
    });
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    baseUrl,
    pid: child.pid!,
    apiKey: /Admin API key \(shown once, keep it\): (\S+)/.exec(stderr)?.[1],
    async call(method, path, options = {}) {
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers: {
          ...(options.body !== undefined ? { "content-type": "application/json" } : {}),
          ...options.headers,
        },
        ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
    },
    output: () => stderr,
    waitForOutput(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!pattern.test(stderr)) return false;
          clearTimeout(timer);
          child.stderr!.off("data", check);
          resolve(stderr);
          return true;
        };
        const timer = setTimeout(() => {
          child.stderr!.off("data", check);
          reject(new Error(`no ${pattern} in ${timeoutMs} ms:\n${stderr}`));
        }, timeoutMs);
        if (!check()) child.stderr!.on("data", check);
      });
    },
    async kill(signal = "SIGKILL") {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

/** A shopper's cart at the review step, built through a server's HTTP API. */
export async function readyCartOver(server: ServerProcess, lines: { sku: string; quantity: number }[]) {
  const created = await server.call("POST", "/store/carts", { body: { currency: "USD" } });
  const cartId: string = created.body.cart.id;
  const headers = { "x-cart-token": created.body.token as string };
  const put = async (method: string, path: string, body: unknown) => {
    const res = await server.call(method, `/store/carts/${cartId}/${path}`, { headers, body });
    if (res.status !== 200) throw new Error(`${path} failed: ${JSON.stringify(res.body)}`);
    return res.body;
  };
  for (const line of lines) await put("POST", "lines", line);
  await put("PUT", "contact", { email: "ada@example.com" });
  await put("PUT", "shipping-address", address);
  const options = await server.call("GET", `/store/carts/${cartId}/shipping-options`, { headers });
  const standard = options.body.find((o: { code: string }) => o.code === "standard");
  await put("PUT", "shipping-method", { methodId: standard.id });
  return { cartId, headers };
}

export function completeOver(
  server: ServerProcess,
  cart: { cartId: string; headers: Record<string, string> },
  key: string,
) {
  return server.call("POST", `/store/carts/${cart.cartId}/complete`, {
    headers: { ...cart.headers, "idempotency-key": key },
    body: { payment: { provider: "test", token: "tok_visa" } },
  });
}
