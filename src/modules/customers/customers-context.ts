import type { Context } from "../../shared/context.ts";
import type { StoreProfile } from "../notifications/index.ts";

/** What the customers module needs besides the database, clock and log; chosen in app/. */
export interface CustomersContext extends Context {
  /** Emailed links start at `store.url`. */
  store: StoreProfile;
  sessionTtlHours: number;
  /** Cookies are marked Secure when the storefront is served over https. */
  secureCookies: boolean;
  /** Called after an email was queued, so the sender goes now rather than at its next poll. */
  onEmailQueued?: (() => void) | undefined;
}
