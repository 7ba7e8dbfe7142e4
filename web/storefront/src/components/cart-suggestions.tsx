import type { Cart } from "../api/types.ts";
import { useCart } from "../state/cart-context.tsx";
import { Price } from "./price.tsx";

/** Related products the cart does not hold yet (the API picks them, in stock and priced). */
export function CartSuggestions({ cart }: { cart: Cart }) {
  const { addToCart, busy } = useCart();
  if (cart.suggestions.length === 0) return null;
  return (
    <section className="suggestions" aria-labelledby="suggestions-title">
      <h3 id="suggestions-title" className="suggestions__title">
        Goes well with
      </h3>
      <ul className="suggestions__list">
        {cart.suggestions.map((s) => (
          <li key={s.variantId} className="suggestion">
            <span className="suggestion__title">{s.title}</span>
            <Price money={s.unitPrice} className="suggestion__price" />
            <button
              type="button"
              className="button button--small"
              disabled={busy}
              onClick={() => void addToCart(s.variantId, 1, s.title)}
            >
              Add<span className="visually-hidden"> {s.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
