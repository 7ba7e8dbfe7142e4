import { useRef } from "react";
import { AddToCart } from "../components/add-to-cart.tsx";
import { Link } from "../components/link.tsx";
import { ProductArt } from "../components/product-art.tsx";
import { usePageTitle } from "../router.ts";
import { useCart } from "../state/cart-context.tsx";
import { useProducts } from "../state/use-products.ts";

export function ProductDetailPage({ handle }: { handle: string }) {
  const { currency } = useCart();
  const { products, error } = useProducts(currency);
  const product = products?.find((p) => p.handle === handle);
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle(product?.title ?? "Product", heading);
  return (
    <section>
      <p className="breadcrumb">
        <Link href="/">← All products</Link>
      </p>
      {error ? (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      ) : null}
      {products && !product ? (
        <h1 ref={heading} tabIndex={-1}>
          Product not found
        </h1>
      ) : null}
      {product ? (
        <div className="product-detail">
          <ProductArt handle={product.handle} title={product.title} />
          <div className="product-detail__info">
            <h1 ref={heading} tabIndex={-1} className="page-title">
              {product.title}
            </h1>
            <p className="product-detail__desc">{product.description}</p>
            <AddToCart key={`${product.id}-${currency}`} product={product} />
          </div>
        </div>
      ) : null}
    </section>
  );
}
