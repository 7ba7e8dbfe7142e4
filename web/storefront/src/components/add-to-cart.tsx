import { useId, useState } from "react";
import type { Product, Variant } from "../api/types.ts";
import { useCart } from "../state/cart-context.tsx";
import { Price } from "./price.tsx";
import { Quantity } from "./quantity.tsx";
import { StockNote } from "./stock-note.tsx";

const sizeRank = ["XXS", "XS", "S", "M", "L", "XL", "XXL", "XXXL"];

/** Sizes in wearing order (S, M, L), not the alphabetical order SKUs come in; others keep their order. */
function bySize(a: Variant, b: Variant): number {
  const ra = sizeRank.indexOf(a.options.size ?? "");
  const rb = sizeRank.indexOf(b.options.size ?? "");
  return ra >= 0 && rb >= 0 ? ra - rb : 0;
}

/** Variant picker, quantity and add button; used on the list (compact) and the detail page. */
export function AddToCart({ product, compact = false }: { product: Product; compact?: boolean }) {
  const { addToCart, busy } = useCart();
  const sellable = product.variants.filter((v) => v.price !== null).sort(bySize);
  const [variantId, setVariantId] = useState(sellable[0]?.id ?? "");
  const [quantity, setQuantity] = useState(1);
  const id = useId();
  const variant = sellable.find((v) => v.id === variantId) ?? sellable[0];
  if (!variant?.price) return <p className="muted">Not sold in this currency.</p>;
  const optionName = Object.keys(variant.options)[0] ?? "Option";
  const showPicker = sellable.length > 1;
  return (
    <form
      className={`add-to-cart${compact ? " add-to-cart--compact" : ""}`}
      onSubmit={(e) => {
        e.preventDefault();
        const title = variant.title ? `${product.title} – ${variant.title}` : product.title;
        void addToCart(variant.id, quantity, title);
      }}
    >
      <p className="add-to-cart__price">
        <Price money={variant.price} />
      </p>
      <StockNote stock={variant.stock} showInStock={!compact} />
      {showPicker ? (
        <fieldset className="variant-picker">
          <legend>{optionName[0]?.toUpperCase() + optionName.slice(1)}</legend>
          <div className="variant-picker__options">
            {sellable.map((v) => (
              <label key={v.id} className="chip">
                <input
                  type="radio"
                  name={`${id}-variant`}
                  value={v.id}
                  checked={v.id === variant.id}
                  onChange={() => setVariantId(v.id)}
                />
                <span>{v.title || product.title}</span>
              </label>
            ))}
          </div>
        </fieldset>
      ) : null}
      {compact ? null : (
        <div className="add-to-cart__qty">
          <span className="label" id={`${id}-qty-label`}>
            Quantity
          </span>
          <Quantity id={`${id}-qty`} label="Quantity" value={quantity} onChange={setQuantity} />
        </div>
      )}
      <button
        type="submit"
        className="button button--primary button--block"
        disabled={busy || variant.stock?.status === "out_of_stock"}
      >
        {variant.stock?.status === "out_of_stock" ? "Sold out" : "Add to cart"}
        <span className="visually-hidden">: {product.title}</span>
      </button>
    </form>
  );
}
