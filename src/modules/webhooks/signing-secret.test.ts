import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createSecretBox, newSigningSecret } from "./signing-secret.ts";

describe("signing secrets at rest", () => {
  const secret = newSigningSecret();

  it("encrypts with a key: the stored form does not hold the secret, and opens back to it", () => {
    const box = createSecretBox(randomBytes(32));
    const sealed = box.seal(secret);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.seal(secret)).not.toBe(sealed); // a fresh IV each time
    expect(box.open(sealed)).toBe(secret);
  });

  it("refuses to open with another key or a tampered ciphertext", () => {
    const sealed = createSecretBox(randomBytes(32)).seal(secret);
    expect(() => createSecretBox(randomBytes(32)).open(sealed)).toThrow();
    const box = createSecretBox(randomBytes(32));
    const [v, iv, tag, data] = box.seal(secret).split(":");
    const flipped = Buffer.from(data!, "base64");
    flipped[0]! ^= 1;
    expect(() => box.open([v, iv, tag, flipped.toString("base64")].join(":"))).toThrow();
  });

  it("still opens secrets stored before a key was configured", () => {
    const plain = createSecretBox(undefined).seal(secret);
    expect(createSecretBox(randomBytes(32)).open(plain)).toBe(secret);
  });
});
