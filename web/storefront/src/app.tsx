import { lazy, Suspense } from "react";
import { CartDrawer } from "./components/cart-drawer.tsx";
import { Header } from "./components/header.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { ProductDetailPage } from "./pages/product-detail-page.tsx";
import { ProductListPage } from "./pages/product-list-page.tsx";
import { parseRoute, usePathname } from "./router.ts";
import { useCart } from "./state/cart-context.tsx";

// Checkout and confirmation load on demand: browsing stays light, checkout stays within budget.
const CheckoutPage = lazy(() => import("./checkout/checkout-page.tsx"));
const ConfirmationPage = lazy(() => import("./pages/confirmation-page.tsx"));
const OrderStatusPage = lazy(() => import("./pages/order-status-page.tsx"));
const CartLinkPage = lazy(() => import("./pages/cart-link-page.tsx"));
const AccountOrdersPage = lazy(() => import("./pages/account-orders-page.tsx"));

export function App() {
  const route = parseRoute(usePathname());
  const { announcement } = useCart();
  const inCheckout = route.name === "checkout" || route.name === "confirmation";
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <Header minimal={inCheckout} />
      <main id="main" className="page">
        <Suspense fallback={<p className="loading">Loading…</p>}>
          {route.name === "products" ? <ProductListPage /> : null}
          {route.name === "product" ? <ProductDetailPage handle={route.handle} /> : null}
          {route.name === "checkout" ? <CheckoutPage /> : null}
          {route.name === "confirmation" ? <ConfirmationPage orderNumber={route.orderNumber} /> : null}
          {route.name === "order_status" ? <OrderStatusPage orderId={route.orderId} /> : null}
          {route.name === "cart_link" ? <CartLinkPage action={route.action} /> : null}
          {route.name === "account_orders" ? <AccountOrdersPage /> : null}
          {route.name === "not_found" ? <NotFoundPage /> : null}
        </Suspense>
      </main>
      <CartDrawer />
      <p className="visually-hidden" aria-live="polite">
        {announcement}
      </p>
    </>
  );
}
