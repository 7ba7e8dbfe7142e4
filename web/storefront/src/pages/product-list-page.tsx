import { useRef } from "react";
import { AddToCart } from "../components/add-to-cart.tsx";
import { Link } from "../components/link.tsx";
import { ProductArt } from "../components/product-art.tsx";
import { usePageTitle } from "../router.ts";
import { useCart } from "../state/cart-context.tsx";
import { useProducts } from "../state/use-products.ts";

export function ProductListPage() {
  const { currency } = useCart();
  const { products, error } = useProducts(currency);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Shop", heading);
  return (
    <section>
      <h1 ref={heading} tabIndex={-1} className="page-title">
        Shop
      </h1>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {products === null && !error ? <p className="loading">Loading products…</p> : null}
      <ul className="product-grid">
        {(products ?? []).map((p) => (
          <li key={p.id} className="product-card">
            <Link
              href={`/products/${p.handle}`}
              className="product-card__link"
              tabIndex={-1}
              aria-hidden="true"
            >
              <ProductArt handle={p.handle} title={p.title} />
            </Link>
            <h2 className="product-card__title">
              <Link href={`/products/${p.handle}`}>{p.title}</Link>
            </h2>
            <p className="product-card__desc">{p.description}</p>
            <AddToCart product={p} compact />
          </li>
        ))}
      </ul>
    </section>
  );
}
