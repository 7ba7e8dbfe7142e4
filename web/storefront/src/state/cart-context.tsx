import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from "react";
import { ApiProblem, api } from "../api/client.ts";
import type { Cart } from "../api/types.ts";
import { giftCardErrorMessage, promotionErrorMessage } from "../components/discount-messages.ts";
import { formatMoney } from "../money.ts";

interface Session {
  cartId: string;
  token: string;
  currency: string;
}

interface CartState {
  currency: string;
  cart: Cart | null;
  session: Session | null;
  drawerOpen: boolean;
  /** Polite announcement of the last cart change, read by screen readers. */
  announcement: string;
  error: string | null;
  busy: boolean;
}

export interface CartApi extends CartState {
  setCurrency(currency: string): Promise<void>;
  addToCart(variantId: string, quantity: number, title: string): Promise<boolean>;
  updateQuantity(lineId: string, quantity: number): Promise<void>;
  removeLine(lineId: string): Promise<void>;
  /** Enters a promotion code; resolves to the message to show when it was refused, else null. */
  applyPromotionCode(code: string): Promise<string | null>;
  removePromotionCode(code: string): Promise<void>;
  /** Puts a gift card on the cart (replacing one already there); resolves to why it was refused, else null. */
  applyGiftCard(code: string): Promise<string | null>;
  removeGiftCard(): Promise<void>;
  /** Re-reads the cart: prices and stock are re-validated on every read. */
  refresh(): Promise<Cart | null>;
  /** Takes a cart returned by a checkout call as the new truth. */
  replaceCart(cart: Cart): void;
  /** Forgets the cart once it became an order. */
  forgetCart(): void;
  /** Makes a cart restored from a reminder link this browser's cart. */
  adoptCart(created: { token: string; cart: Cart }): void;
  openDrawer(): void;
  closeDrawer(): void;
}

const CartContext = createContext<CartApi | null>(null);

const sessionKey = "cartwright.cart";
const currencyKey = "cartwright.currency";

function readSession(): Session | null {
  try {
    const raw = localStorage.getItem(sessionKey);
    const parsed: unknown = raw ? JSON.parse(raw) : null;
    if (
      parsed &&
      typeof parsed === "object" &&
      "cartId" in parsed &&
      "token" in parsed &&
      "currency" in parsed
    )
      return parsed as Session;
  } catch {
    // Storage blocked (private mode) or corrupt: start with no cart rather than fail.
  }
  return null;
}

function writeSession(session: Session | null): void {
  try {
    if (session) localStorage.setItem(sessionKey, JSON.stringify(session));
    else localStorage.removeItem(sessionKey);
  } catch {
    // Without storage the cart lives for this page view only; nothing else to do.
  }
}

function initialCurrency(): string {
  const saved = (() => {
    try {
      return localStorage.getItem(currencyKey);
    } catch {
      return null;
    }
  })();
  // Any ISO 4217 code: the store's list arrives with the products, and a code it no longer sells
  // is answered with a message by the product list.
  if (saved && /^[A-Z]{3}$/.test(saved)) return saved;
  return readSession()?.currency ?? "USD";
}

export function CartProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<CartState>(() => ({
    currency: initialCurrency(),
    cart: null,
    session: readSession(),
    drawerOpen: false,
    announcement: "",
    error: null,
    busy: false,
  }));
  // The latest state for async callbacks without re-creating them on every render.
  const ref = useRef(state);
  ref.current = state;

  const patch = useCallback((p: Partial<CartState>) => setState((s) => ({ ...s, ...p })), []);

  const fail = useCallback(
    (error: unknown) => {
      const message = error instanceof ApiProblem ? error.message : "Something went wrong. Please try again.";
      patch({ error: message, busy: false });
    },
    [patch],
  );

  const refresh = useCallback(async (): Promise<Cart | null> => {
    const session = ref.current.session;
    if (!session) return null;
    try {
      const cart = await api.getCart(session.cartId, session.token);
      if (cart.status === "completed") {
        writeSession(null);
        patch({ cart: null, session: null });
        return null;
      }
      patch({ cart });
      return cart;
    } catch (error) {
      if (
        error instanceof ApiProblem &&
        (error.status === 404 || error.status === 401 || error.status === 403)
      ) {
        // The cart expired or the token no longer matches: start afresh on the next add.
        writeSession(null);
        patch({ cart: null, session: null });
        return null;
      }
      fail(error);
      return null;
    }
  }, [patch, fail]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const ensureSession = useCallback(async (currency: string): Promise<Session> => {
    const current = ref.current.session;
    if (current && current.currency === currency) return current;
    const created = await api.createCart(currency);
    const session = { cartId: created.cart.id, token: created.token, currency };
    writeSession(session);
    setState((s) => ({ ...s, session, cart: created.cart }));
    ref.current = { ...ref.current, session, cart: created.cart };
    return session;
  }, []);

  const addToCart = useCallback(
    async (variantId: string, quantity: number, title: string): Promise<boolean> => {
      patch({ busy: true, error: null });
      try {
        const session = await ensureSession(ref.current.currency);
        const cart = await api.addLine(session.cartId, session.token, variantId, quantity);
        patch({ cart, busy: false, drawerOpen: true, announcement: `${title} added to your cart.` });
        return true;
      } catch (error) {
        fail(error);
        return false;
      }
    },
    [ensureSession, patch, fail],
  );

  const updateQuantity = useCallback(
    async (lineId: string, quantity: number) => {
      const session = ref.current.session;
      if (!session) return;
      patch({ busy: true, error: null });
      try {
        const cart =
          quantity <= 0
            ? await api.removeLine(session.cartId, session.token, lineId)
            : await api.updateLine(session.cartId, session.token, lineId, quantity);
        patch({ cart, busy: false, announcement: "Cart updated." });
      } catch (error) {
        fail(error);
      }
    },
    [patch, fail],
  );

  const removeLine = useCallback(
    async (lineId: string) => {
      const session = ref.current.session;
      if (!session) return;
      const title = ref.current.cart?.lines.find((l) => l.id === lineId)?.title ?? "Item";
      patch({ busy: true, error: null });
      try {
        const cart = await api.removeLine(session.cartId, session.token, lineId);
        patch({ cart, busy: false, announcement: `${title} removed from your cart.` });
      } catch (error) {
        fail(error);
      }
    },
    [patch, fail],
  );

  const applyPromotionCode = useCallback(
    async (code: string): Promise<string | null> => {
      const session = ref.current.session;
      if (!session) return "Add something to your cart first.";
      patch({ busy: true, error: null });
      try {
        const cart = await api.addPromotionCode(session.cartId, session.token, code);
        const applied = cart.promotions.applied.find((p) => p.code?.toUpperCase() === code.toUpperCase());
        const saving = applied ? `: ${applied.label}, ${formatMoney(applied.amount)} off` : "";
        patch({ cart, busy: false, announcement: `Code ${code} applied${saving}.` });
        return null;
      } catch (error) {
        const message = promotionErrorMessage(error, code, ref.current.cart ?? undefined);
        patch({ busy: false, announcement: `Code ${code} not applied. ${message}` });
        return message;
      }
    },
    [patch],
  );

  const removePromotionCode = useCallback(
    async (code: string) => {
      const session = ref.current.session;
      if (!session) return;
      patch({ busy: true, error: null });
      try {
        const cart = await api.removePromotionCode(session.cartId, session.token, code);
        patch({ cart, busy: false, announcement: `Code ${code} removed.` });
      } catch (error) {
        fail(error);
      }
    },
    [patch, fail],
  );

  const applyGiftCard = useCallback(
    async (code: string): Promise<string | null> => {
      const session = ref.current.session;
      if (!session) return "Add something to your cart first.";
      patch({ busy: true, error: null });
      try {
        const cart = await api.applyGiftCard(session.cartId, session.token, code);
        const applied = cart.giftCard ? `, ${formatMoney(cart.giftCard.applied)} applied` : "";
        patch({
          cart,
          busy: false,
          announcement: `Gift card added${applied}. Amount due ${formatMoney(cart.amountDue)}.`,
        });
        return null;
      } catch (error) {
        const message = giftCardErrorMessage(error, ref.current.cart ?? undefined);
        patch({ busy: false, announcement: `Gift card not applied. ${message}` });
        return message;
      }
    },
    [patch],
  );

  const removeGiftCard = useCallback(async () => {
    const session = ref.current.session;
    if (!session) return;
    patch({ busy: true, error: null });
    try {
      const cart = await api.removeGiftCard(session.cartId, session.token);
      patch({
        cart,
        busy: false,
        announcement: `Gift card removed. Amount due ${formatMoney(cart.amountDue)}.`,
      });
    } catch (error) {
      fail(error);
    }
  }, [patch, fail]);

  const setCurrency = useCallback(
    async (currency: string) => {
      if (currency === ref.current.currency) return;
      try {
        localStorage.setItem(currencyKey, currency);
      } catch {
        // Not persisted; the switch still applies to this visit.
      }
      const old = ref.current.cart;
      patch({ currency, error: null });
      if (!old || old.lines.length === 0) return;
      // A cart is priced in one currency: carry its lines over to a new cart in the new one.
      patch({ busy: true });
      try {
        const session = await ensureSession(currency);
        let cart: Cart | null = null;
        const dropped: string[] = [];
        for (const line of old.lines) {
          try {
            cart = await api.addLine(session.cartId, session.token, line.variantId, line.quantity);
          } catch {
            dropped.push(line.title);
          }
        }
        const note = dropped.length ? ` Not sold in ${currency}: ${dropped.join(", ")}.` : "";
        patch({
          cart: cart ?? ref.current.cart,
          busy: false,
          announcement: `Prices now in ${currency}.${note}`,
        });
      } catch (error) {
        fail(error);
      }
    },
    [ensureSession, patch, fail],
  );

  const value = useMemo<CartApi>(
    () => ({
      ...state,
      setCurrency,
      addToCart,
      updateQuantity,
      removeLine,
      applyPromotionCode,
      removePromotionCode,
      applyGiftCard,
      removeGiftCard,
      refresh,
      replaceCart: (cart) => patch({ cart }),
      forgetCart: () => {
        writeSession(null);
        patch({ cart: null, session: null, drawerOpen: false });
      },
      adoptCart: ({ token, cart }) => {
        const session = { cartId: cart.id, token, currency: cart.currency };
        writeSession(session);
        ref.current = { ...ref.current, session, cart, currency: cart.currency };
        patch({ session, cart, currency: cart.currency, error: null });
      },
      openDrawer: () => patch({ drawerOpen: true }),
      closeDrawer: () => patch({ drawerOpen: false }),
    }),
    [
      state,
      setCurrency,
      addToCart,
      updateQuantity,
      removeLine,
      applyPromotionCode,
      removePromotionCode,
      applyGiftCard,
      removeGiftCard,
      refresh,
      patch,
    ],
  );

  return <CartContext.Provider value={value}>{children}</CartContext.Provider>;
}

export function useCart(): CartApi {
  const ctx = useContext(CartContext);
  if (!ctx) throw new Error("useCart outside CartProvider");
  return ctx;
}
