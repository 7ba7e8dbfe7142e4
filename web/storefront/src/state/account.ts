import { useCallback, useEffect, useSyncExternalStore } from "react";
import { ApiProblem, api } from "../api/client.ts";
import type { Customer } from "../api/types.ts";
import { useCart } from "./cart-context.tsx";

/**
 * The signed-in shopper, if any. The session itself is the httpOnly cookie the server sets, so
 * all the page can know is what `GET /store/customers/me` answers: undefined while asking, null
 * for a guest (guest checkout is the default and needs nothing from here).
 */
let current: Customer | null | undefined;
let asked = false;
const listeners = new Set<() => void>();

function setCustomer(next: Customer | null): void {
  current = next;
  for (const l of listeners) l();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export interface AccountApi {
  customer: Customer | null | undefined;
  /** Signs in (or creates the account) and brings the guest cart along; resolves to an error message or null. */
  signIn(mode: "sign_in" | "register", email: string, password: string): Promise<string | null>;
  signOut(): Promise<void>;
}

export function useAccount(): AccountApi {
  const customer = useSyncExternalStore(subscribe, () => current);
  const { session, adoptCart } = useCart();

  useEffect(() => {
    if (asked) return;
    asked = true;
    api.getCustomer().then(setCustomer, () => setCustomer(null));
  }, []);

  const signIn = useCallback(
    async (mode: "sign_in" | "register", email: string, password: string) => {
      const cart = session ? { cartId: session.cartId, token: session.token } : undefined;
      try {
        const started =
          mode === "sign_in"
            ? await api.signIn(email.trim(), password, cart)
            : await api.registerCustomer(email.trim(), password, cart);
        // The account's cart (the guest one merged into it) is the one to keep using.
        if (started.cart) {
          const merged = await api.getCart(started.cart.cartId, started.cart.token);
          adoptCart({ token: started.cart.token, cart: merged });
        }
        setCustomer(started.customer);
        return null;
      } catch (e) {
        return accountErrorMessage(e, mode);
      }
    },
    [session, adoptCart],
  );

  const signOut = useCallback(async () => {
    await api.signOut().catch(() => undefined);
    setCustomer(null);
  }, []);

  return { customer, signIn, signOut };
}

function accountErrorMessage(e: unknown, mode: "sign_in" | "register"): string {
  if (!(e instanceof ApiProblem)) return "Something went wrong. Please try again.";
  if (e.code === "rate_limited")
    return `Too many attempts. Try again in ${Math.ceil((e.retryAfter ?? 60) / 60)} minutes.`;
  if (mode === "sign_in" && e.status === 401) return "That email and password don't match an account.";
  const field = e.fieldErrors();
  if (field.password) return `Password ${field.password}.`.replace(/\.\.$/, ".");
  if (field.email) return "Enter an email address like name@example.com.";
  return e.message;
}
