import { useAccount } from "../state/account.ts";
import { useCart } from "../state/cart-context.tsx";
import { useStoreCurrencies } from "../state/use-products.ts";
import { Link } from "./link.tsx";

export function Header({ minimal = false }: { minimal?: boolean }) {
  const { cart, currency, setCurrency, openDrawer, busy } = useCart();
  const count = cart?.lines.reduce((n, l) => n + l.quantity, 0) ?? 0;
  const sold = useStoreCurrencies();
  const { customer } = useAccount();
  const currencies = sold.includes(currency) ? sold : [currency, ...sold];
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link href="/" className="brand">
          Cartwright<span className="brand__dot">.</span>
        </Link>
        {minimal ? (
          <p className="secure-note">
            <svg aria-hidden="true" viewBox="0 0 16 16" width="14" height="14">
              <path
                fill="currentColor"
                d="M8 1a4 4 0 0 0-4 4v2H3v8h10V7h-1V5a4 4 0 0 0-4-4Zm-2.5 6V5a2.5 2.5 0 0 1 5 0v2h-5Z"
              />
            </svg>
            Secure checkout
          </p>
        ) : (
          <div className="site-header__actions">
            {customer ? (
              <Link href="/account/orders" className="header-link">
                Your orders
              </Link>
            ) : null}
            <label className="currency">
              <span className="visually-hidden">Currency</span>
              <select value={currency} disabled={busy} onChange={(e) => void setCurrency(e.target.value)}>
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="cart-button" onClick={openDrawer}>
              Cart <span className="cart-button__count">{count}</span>
              <span className="visually-hidden"> {count === 1 ? "item" : "items"}</span>
            </button>
          </div>
        )}
      </div>
    </header>
  );
}
