import type { Context } from "../../shared/context.ts";
import type { StoreProfile } from "../notifications/index.ts";
import type { TaxSettings } from "../tax/index.ts";

/** How recovery behaves; chosen in app/ from config. */
export interface RecoverySettings {
  /** A cart untouched this long (with an email and lines) counts as abandoned. */
  abandonAfterMs: number;
  /** Reminder n is due this long after the cart's last change; the length is the cap. */
  reminderDelaysMs: readonly number[];
  /** How long a restore link in a reminder works. */
  restoreLinkTtlMs: number;
  /** Signs restore and unsubscribe links (HMAC-SHA256). */
  secret: string;
  /** Percent off in a single-use code on the last reminder; 0: no code. */
  discountPercent: number;
  /** How long that code works. */
  discountValidMs: number;
  /** The review invitation goes this long after delivery; 0: never. */
  reviewAfterMs: number;
  /** Where the invitation sends the shopper; the storefront when unset. */
  reviewUrl?: string | undefined;
}

export interface RecoveryContext extends Context {
  store: StoreProfile;
  tax: TaxSettings;
  settings: RecoverySettings;
  /** Told when an email was queued, so the sender need not wait for its next poll. */
  onQueued?: () => void;
}
