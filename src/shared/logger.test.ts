import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.ts";

function capture() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { lines, log: createLogger("info", stream) };
}

describe("the logger", () => {
  it("never writes secrets or personal data", () => {
    const { lines, log } = capture();
    log.info(
      {
        req: { headers: { authorization: "Bearer cw_sk_secret", cookie: "sid=abc" } },
        cart: { token: "ct_secret", email: "ada@example.com", shippingAddress: { line1: "12 Main St" } },
        key: { apiKey: "cw_sk_other" },
      },
      "hello",
    );
    const out = lines.join("");
    for (const leaked of [
      "cw_sk_secret",
      "sid=abc",
      "ct_secret",
      "ada@example.com",
      "12 Main St",
      "cw_sk_other",
    ]) {
      expect(out).not.toContain(leaked);
    }
    expect(out).toContain("[redacted]");
  });
});
