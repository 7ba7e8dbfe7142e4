import { describe, expect, it } from "vitest";
import {
  signRestoreToken,
  signUnsubscribeToken,
  verifyRestoreToken,
  verifyUnsubscribeToken,
} from "./recovery-links.ts";

const secret = "s".repeat(32);
const now = new Date("2030-01-01T00:00:00Z");
const later = new Date("2030-01-08T00:00:00Z");

describe("signed recovery links", () => {
  it("names the cart until the link expires, then says it expired", () => {
    const token = signRestoreToken(secret, "cart_0193", later);
    expect(verifyRestoreToken(secret, token, now)).toEqual({ ok: true, value: { cartId: "cart_0193" } });
    const expired = verifyRestoreToken(secret, token, later);
    expect(!expired.ok && expired.failure.code).toBe("recovery_link_expired");
  });

  it("refuses another secret, another cart, a later expiry and a signature of another purpose", () => {
    const token = signRestoreToken(secret, "cart_0193", later);
    const [, expiry, signature] = token.split(".");
    const refused = [
      verifyRestoreToken("t".repeat(32), token, now),
      verifyRestoreToken(secret, `cart_0194.${expiry}.${signature}`, now),
      verifyRestoreToken(secret, `cart_0193.${Number(expiry) + 1}.${signature}`, now),
      verifyRestoreToken(
        secret,
        `cart_0193.${expiry}.${signUnsubscribeToken(secret, "a@b.c").split(".")[1]}`,
        now,
      ),
      verifyRestoreToken(secret, "", now),
    ];
    for (const r of refused) expect(!r.ok && r.failure.code).toBe("recovery_link_invalid");
  });

  it("unsubscribes the address it was signed for, in lower case, and nothing else", () => {
    const token = signUnsubscribeToken(secret, "Ada@Example.com");
    expect(verifyUnsubscribeToken(secret, token)).toEqual({ ok: true, value: { email: "ada@example.com" } });
    const other = `${Buffer.from("eve@example.com").toString("base64url")}.${token.split(".")[1]}`;
    const refused = verifyUnsubscribeToken(secret, other);
    expect(!refused.ok && refused.failure.code).toBe("recovery_link_invalid");
  });
});
