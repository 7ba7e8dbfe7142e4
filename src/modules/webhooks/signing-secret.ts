import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

/** A new signing secret in the Standard Webhooks form: `whsec_` + base64 of 32 random bytes. */
export function newSigningSecret(): string {
  return `whsec_${randomBytes(32).toString("base64")}`;
}

/** What the Admin API may show of a secret: enough to tell two apart, too little to sign. */
export function secretHint(secret: string): string {
  return `${secret.slice(0, 10)}…`;
}

/**
 * Seals signing secrets for storage. The secret has to be readable again to sign (HMAC is
 * symmetric), so it cannot be hashed like an API key. With a key (WEBHOOK_SECRETS_KEY, 32 bytes)
 * it is AES-256-GCM encrypted, so a database dump or backup alone does not let anyone forge our
 * webhooks; without one (development) it is stored as is, marked `plain:`. Rows sealed either way
 * stay readable after a key is configured.
 */
export interface SecretBox {
  readonly encrypts: boolean;
  seal(secret: string): string;
  open(sealed: string): string;
}

export function createSecretBox(key: Buffer | undefined): SecretBox {
  if (key && key.length !== 32) throw new Error("the webhook secrets key must be 32 bytes");
  return {
    encrypts: key !== undefined,
    seal(secret) {
      if (!key) return `plain:${secret}`;
      const iv = randomBytes(12);
      const cipher = createCipheriv("aes-256-gcm", key, iv);
      const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
      return ["v1", iv, cipher.getAuthTag(), sealed]
        .map((p) => (typeof p === "string" ? p : p.toString("base64")))
        .join(":");
    },
    open(sealed) {
      if (sealed.startsWith("plain:")) return sealed.slice("plain:".length);
      const [version, iv, tag, data] = sealed.split(":");
      if (version !== "v1" || !iv || !tag || !data) throw new Error("unknown sealed secret format");
      if (!key) throw new Error("a webhook secret is encrypted but WEBHOOK_SECRETS_KEY is not set");
      const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
      decipher.setAuthTag(Buffer.from(tag, "base64"));
      return Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]).toString("utf8");
    },
  };
}
