import { Writable } from "node:stream";
import type { MailTransport, OutgoingMail } from "../../src/modules/notifications/index.ts";
import { FixedClock } from "../../src/shared/clock.ts";
import { createLogger } from "../../src/shared/logger.ts";
import { startTestApp, type TestApp } from "../support/app.ts";
import type { DatabaseKind } from "../support/database.ts";

/** A test app whose emails land in `sent`, whose clock only moves when told, and whose logs are kept. */
export async function startCustomerApp(kind: DatabaseKind) {
  const sent: OutgoingMail[] = [];
  const logLines: string[] = [];
  const transport: MailTransport = {
    name: "memory",
    async send(mail) {
      sent.push(mail);
    },
    close() {},
  };
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logLines.push(String(chunk));
      done();
    },
  });
  const clock = new FixedClock("2026-03-02T10:00:00Z");
  const app = await startTestApp(kind, { clock, mailTransport: transport, log: createLogger("trace", sink) });
  return { app, clock, sent, logLines };
}

/** The token in the newest emailed link to `to` of this kind (reset or verification). */
export async function emailedToken(
  app: TestApp,
  sent: OutgoingMail[],
  to: string,
  path: string,
): Promise<string> {
  await app.mail.runOnce();
  const mail = sent.filter((m) => m.to === to && m.text.includes(path)).at(-1);
  const token = mail?.text.match(/#token=([\w-]+)/)?.[1];
  if (!token) throw new Error(`no ${path} email to ${to}`);
  return token;
}

export const password = "correct horse battery";

let n = 0;
/** A fresh email per test, so tests do not share accounts. */
export const newEmail = (name = "shopper") => `${name}.${Date.now().toString(36)}${n++}@example.com`;

/** Registers and returns the session token and the Authorization header that carries it. */
export async function register(app: TestApp, email: string, extra: Record<string, unknown> = {}) {
  const res = await app.call("POST", "/store/customers", { body: { email, password, ...extra } });
  if (res.status !== 201) throw new Error(`register failed: ${JSON.stringify(res.body)}`);
  return { ...res.body, auth: { authorization: `Bearer ${res.body.token}` } };
}
