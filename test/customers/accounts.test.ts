import argon2 from "argon2";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { OutgoingMail } from "../../src/modules/notifications/index.ts";
import type { FixedClock } from "../../src/shared/clock.ts";
import { queryRows } from "../../src/shared/db/database.ts";
import { address, type TestApp } from "../support/app.ts";
import { databaseKinds } from "../support/database.ts";
import { emailedToken, newEmail, password, register, startCustomerApp } from "./customer-test-kit.ts";

describe.each(databaseKinds())("customer accounts on %s", (kind) => {
  let app: TestApp;
  let clock: FixedClock;
  let sent: OutgoingMail[];
  let logLines: string[];
  beforeAll(async () => {
    ({ app, clock, sent, logLines } = await startCustomerApp(kind));
  });
  afterAll(async () => app?.close());

  /** Lets the per-IP failure count of earlier tests run out (all injected requests share one IP). */
  const forgetFailures = () => clock.advance(16 * 60_000);
  const signIn = (email: string, pass: string, extra: Record<string, unknown> = {}) =>
    app.call("POST", "/store/customers/sign-in", { body: { email, password: pass, ...extra } });

  it("registers, signs in with a cookie and with a bearer token, and sign-out ends the session", async () => {
    const email = newEmail();
    const registered = await register(app, email);
    expect(registered.customer).toMatchObject({ email, emailVerified: false });
    expect(registered.token).toMatch(/^cw_cs_/);

    const signedIn = await signIn(email.toUpperCase(), password);
    expect(signedIn.status).toBe(200);
    const cookie = String(signedIn.headers["set-cookie"]);
    expect(cookie).toMatch(/^cw_session=cw_cs_[\w-]+;/);
    expect(cookie).toContain("HttpOnly");
    expect(cookie).toContain("SameSite=Lax");
    const sessionCookie = cookie.split(";")[0]!;

    const byCookie = await app.call("GET", "/store/customers/me", { headers: { cookie: sessionCookie } });
    expect(byCookie.status).toBe(200);
    expect(byCookie.body.email).toBe(email);
    const byBearer = await app.call("GET", "/store/customers/me", {
      headers: { authorization: `Bearer ${signedIn.body.token}` },
    });
    expect(byBearer.body.id).toBe(byCookie.body.id);

    const out = await app.call("POST", "/store/customers/sign-out", { headers: { cookie: sessionCookie } });
    expect(out.status).toBe(204);
    const after = await app.call("GET", "/store/customers/me", { headers: { cookie: sessionCookie } });
    expect(after.status).toBe(401);
    expect(after.body.code).toBe("unauthorized");
    // The registration's own session is another session: still signed in.
    expect((await app.call("GET", "/store/customers/me", { headers: registered.auth })).status).toBe(200);
  });

  it("ends a session when its lifetime is over", async () => {
    const { auth } = await register(app, newEmail());
    clock.advance(721 * 3_600_000);
    expect((await app.call("GET", "/store/customers/me", { headers: auth })).status).toBe(401);
  });

  it("refuses a weak password with field errors and keeps no account", async () => {
    const email = newEmail();
    const short = await app.call("POST", "/store/customers", { body: { email, password: "short" } });
    expect(short.status).toBe(400);
    expect(short.body.errors.map((e: { field: string }) => e.field)).toContain("body.password");
    const same = await app.call("POST", "/store/customers", { body: { email, password: email } });
    expect(same.status).toBe(400);
    expect(same.body.errors).toContainEqual(expect.objectContaining({ field: "body.password" }));
    forgetFailures();
    expect((await signIn(email, email)).status).toBe(401);
  });

  it("refuses a second account for the same email", async () => {
    const email = newEmail();
    await register(app, email);
    const again = await app.call("POST", "/store/customers", { body: { email, password } });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe("email_taken");
  });

  it("answers a wrong password and an unknown email alike", async () => {
    forgetFailures();
    const email = newEmail();
    await register(app, email);
    const wrong = await signIn(email, "not the password at all");
    const unknown = await signIn(newEmail("nobody"), "not the password at all");
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(wrong.body.code).toBe("invalid_credentials");
    expect({ ...wrong.body, instance: undefined }).toEqual({ ...unknown.body, instance: undefined });
    expect(wrong.headers["set-cookie"]).toBeUndefined();
  });

  it("locks an email out after 5 failures in 15 minutes, even with the right password, then lets it in", async () => {
    forgetFailures();
    const email = newEmail();
    await register(app, email);
    for (let i = 0; i < 5; i++) expect((await signIn(email, `wrong password ${i}`)).status).toBe(401);
    clock.advance(60_000);
    const locked = await signIn(email, password);
    expect(locked.status).toBe(429);
    expect(locked.body.code).toBe("rate_limited");
    expect(locked.headers["retry-after"]).toBe(String(14 * 60));
    clock.advance(14 * 60_000);
    expect((await signIn(email, password)).status).toBe(200);
  });

  it("locks an IP out after 5 failures across different emails", async () => {
    forgetFailures();
    const email = newEmail();
    await register(app, email);
    for (let i = 0; i < 5; i++) await signIn(newEmail("guess"), "some password guess");
    expect((await signIn(email, password)).status).toBe(429);
    forgetFailures();
    expect((await signIn(email, password)).status).toBe(200);
  });

  it("resets a password with an emailed token that works once and signs every session out", async () => {
    forgetFailures();
    const email = newEmail();
    const { auth } = await register(app, email);
    const asked = await app.call("POST", "/store/customers/password-reset", { body: { email } });
    expect(asked.status).toBe(202);
    const token = await emailedToken(app, sent, email, "/account/reset-password");
    expect(token).toMatch(/^cw_pr_/);

    const newPassword = "a brand new passphrase";
    const reset = await app.call("POST", "/store/customers/password-reset/confirm", {
      body: { token, password: newPassword },
    });
    expect(reset.status).toBe(204);
    expect((await app.call("GET", "/store/customers/me", { headers: auth })).status).toBe(401);
    expect((await signIn(email, password)).status).toBe(401);
    expect((await signIn(email, newPassword)).status).toBe(200);

    const again = await app.call("POST", "/store/customers/password-reset/confirm", {
      body: { token, password: "yet another passphrase" },
    });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe("token_invalid");
  });

  it("refuses a password equal to the email without using the reset token up", async () => {
    forgetFailures();
    const email = newEmail();
    await register(app, email);
    await app.call("POST", "/store/customers/password-reset", { body: { email } });
    const token = await emailedToken(app, sent, email, "/account/reset-password");
    const refused = await app.call("POST", "/store/customers/password-reset/confirm", {
      body: { token, password: email },
    });
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe("validation_failed");
    expect(refused.body.errors).toContainEqual(
      expect.objectContaining({ field: "password", code: "same_as_email" }),
    );
    const accepted = await app.call("POST", "/store/customers/password-reset/confirm", {
      body: { token, password: "a fine new passphrase" },
    });
    expect(accepted.status).toBe(204);
  });

  it("refuses a reset token after its hour", async () => {
    const email = newEmail();
    await register(app, email);
    await app.call("POST", "/store/customers/password-reset", { body: { email } });
    const token = await emailedToken(app, sent, email, "/account/reset-password");
    clock.advance(61 * 60_000);
    const late = await app.call("POST", "/store/customers/password-reset/confirm", {
      body: { token, password: "a fine new passphrase" },
    });
    expect(late.body.code).toBe("token_invalid");
  });

  it("answers a reset request for an unknown email the same way and sends nothing", async () => {
    const before = sent.length;
    const unknown = newEmail("ghost");
    const res = await app.call("POST", "/store/customers/password-reset", { body: { email: unknown } });
    expect(res.status).toBe(202);
    await app.mail.runOnce();
    expect(sent.slice(before).filter((m) => m.to === unknown)).toEqual([]);
  });

  it("sends at most 3 reset emails an hour for one account, answering 202 every time", async () => {
    const email = newEmail();
    await register(app, email);
    await app.mail.runOnce();
    const before = sent.length;
    for (let i = 0; i < 5; i++)
      expect((await app.call("POST", "/store/customers/password-reset", { body: { email } })).status).toBe(
        202,
      );
    await app.mail.runOnce();
    expect(sent.slice(before).filter((m) => m.to === email)).toHaveLength(3);
  });

  it("forgets the reset link in the email queue once it was sent", async () => {
    const email = newEmail();
    await register(app, email);
    await app.call("POST", "/store/customers/password-reset", { body: { email } });
    const token = await emailedToken(app, sent, email, "/account/reset-password");
    const queue = await app.call("GET", "/admin/emails?limit=100", {
      headers: { authorization: `Bearer ${app.apiKey}` },
    });
    expect(JSON.stringify(queue.body)).not.toContain(token);
    const rows = await queryRows<{ text: string }>(app.ctx.db, sql`select text from emails`);
    expect(rows.some((r) => r.text.includes(token))).toBe(false);
  });

  it("saves, lists, replaces and deletes addresses, validated per country", async () => {
    const { auth } = await register(app, newEmail());
    const bad = await app.call("POST", "/store/customers/me/addresses", {
      headers: auth,
      body: { ...address, postalCode: "ABCDE" },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors).toContainEqual(expect.objectContaining({ field: "address.postalCode" }));
    const missing = await app.call("POST", "/store/customers/me/addresses", {
      headers: auth,
      body: { ...address, city: "" },
    });
    expect(missing.status).toBe(400);

    const saved = await app.call("POST", "/store/customers/me/addresses", {
      headers: auth,
      body: { ...address, region: "il" },
    });
    expect(saved.status).toBe(201);
    expect(saved.body.address.region).toBe("IL");
    const replaced = await app.call("PUT", `/store/customers/me/addresses/${saved.body.id}`, {
      headers: auth,
      body: { ...address, line1: "1 Other St" },
    });
    expect(replaced.body.address.line1).toBe("1 Other St");
    const listed = await app.call("GET", "/store/customers/me/addresses", { headers: auth });
    expect(listed.body.addresses).toHaveLength(1);
    expect(
      (await app.call("DELETE", `/store/customers/me/addresses/${saved.body.id}`, { headers: auth })).status,
    ).toBe(204);
    expect(
      (await app.call("GET", "/store/customers/me/addresses", { headers: auth })).body.addresses,
    ).toEqual([]);
  });

  it("never lets one shopper read or change another's addresses, or read them signed out (G16)", async () => {
    const ada = await register(app, newEmail("ada"));
    const bob = await register(app, newEmail("bob"));
    const saved = await app.call("POST", "/store/customers/me/addresses", {
      headers: ada.auth,
      body: address,
    });
    expect(
      (await app.call("GET", "/store/customers/me/addresses", { headers: bob.auth })).body.addresses,
    ).toEqual([]);
    const put = await app.call("PUT", `/store/customers/me/addresses/${saved.body.id}`, {
      headers: bob.auth,
      body: { ...address, line1: "Stolen" },
    });
    expect(put.status).toBe(404);
    const del = await app.call("DELETE", `/store/customers/me/addresses/${saved.body.id}`, {
      headers: bob.auth,
    });
    expect(del.status).toBe(404);
    expect((await app.call("GET", "/store/customers/me/addresses")).status).toBe(401);
    expect(
      (
        await app.call("GET", "/store/customers/me/addresses", {
          headers: { authorization: "Bearer cw_cs_forged" },
        })
      ).status,
    ).toBe(401);
    const mine = await app.call("GET", "/store/customers/me/addresses", { headers: ada.auth });
    expect(mine.body.addresses[0].address.line1).toBe(address.line1);
  });

  it("stores argon2id hashes and moves a hash made with older parameters to today's at sign-in", async () => {
    forgetFailures();
    const email = newEmail();
    await register(app, email);
    const hashOf = async () =>
      (
        await queryRows<{ h: string }>(
          app.ctx.db,
          sql`select password_hash as h from customers where email = ${email}`,
        )
      )[0]!.h;
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
    const old = await argon2.hash(password, { type: argon2.argon2id, memoryCost: 8192, timeCost: 1 });
    await app.ctx.db.execute(sql`update customers set password_hash = ${old} where email = ${email}`);
    expect((await signIn(email, password)).status).toBe(200);
    expect(await hashOf()).toMatch(/^\$argon2id\$v=19\$m=19456,p=1,t=2\$/);
  });

  it("writes no password, session token or emailed token to the logs", async () => {
    // Runs last in this suite: every password, session and link above went through the logger.
    const all = logLines.join("\n");
    expect(all).not.toContain(password);
    expect(all).not.toMatch(/cw_cs_[\w-]{20,}/);
    expect(all).not.toMatch(/cw_(pr|ev)_[\w-]{20,}/);
    expect(all).not.toContain("a brand new passphrase");
    expect(logLines.length).toBeGreaterThan(10);
  });
});
