import { useEffect, useState } from "react";
import { apiKeyStore, setUnauthorizedHandler } from "./api/client.ts";
import { Link } from "./components/link.tsx";
import { DashboardPage } from "./dashboard/dashboard-page.tsx";
import { EmailsPage } from "./pages/emails-page.tsx";
import { GiftCardsPage } from "./pages/gift-cards-page.tsx";
import { InventoryPage } from "./pages/inventory-page.tsx";
import { NotFoundPage } from "./pages/not-found-page.tsx";
import { OrderDetailPage } from "./pages/order-detail-page.tsx";
import { OrdersPage } from "./pages/orders-page.tsx";
import { PromotionsPage } from "./pages/promotions-page.tsx";
import { ReturnsPage } from "./pages/returns-page.tsx";
import { SignInPage } from "./pages/sign-in-page.tsx";
import { WebhooksPage } from "./pages/webhooks-page.tsx";
import { parseRoute, type Route, useLocation } from "./router.ts";

const sections: { to: string; label: string; matches: Route["name"][] }[] = [
  { to: "/", label: "Dashboard", matches: ["dashboard"] },
  { to: "/orders", label: "Orders", matches: ["orders", "order"] },
  { to: "/returns", label: "Returns", matches: ["returns"] },
  { to: "/inventory", label: "Inventory", matches: ["inventory"] },
  { to: "/promotions", label: "Promotions", matches: ["promotions"] },
  { to: "/gift-cards", label: "Gift cards", matches: ["gift_cards"] },
  { to: "/emails", label: "Emails", matches: ["emails"] },
  { to: "/webhooks", label: "Webhooks", matches: ["webhooks"] },
];

export function App() {
  const [signedIn, setSignedIn] = useState(() => apiKeyStore.get() !== null);
  const [expired, setExpired] = useState(false);

  useEffect(() => {
    // A key revoked while the tab is open: back to sign-in with a word on why.
    setUnauthorizedHandler(() => {
      apiKeyStore.clear();
      setExpired(true);
      setSignedIn(false);
    });
  }, []);

  if (!signedIn)
    return (
      <SignInPage
        expired={expired}
        onSignedIn={() => {
          setExpired(false);
          setSignedIn(true);
        }}
      />
    );
  return (
    <Shell
      onSignOut={() => {
        apiKeyStore.clear();
        setSignedIn(false);
      }}
    />
  );
}

function Shell({ onSignOut }: { onSignOut(): void }) {
  const location = useLocation();
  const route = parseRoute(location.pathname);
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <Link to="/" className="brand">
          <span className="brand__mark" aria-hidden="true">
            C
          </span>
          Cartwright <span className="brand__sub">Merchant center</span>
        </Link>
        <button type="button" className="button button--ghost" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav className="sidenav" aria-label="Sections">
        <ul>
          {sections.map((s) => (
            <li key={s.to}>
              <Link to={s.to} aria-current={s.matches.includes(route.name) ? "page" : undefined}>
                {s.label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="content">
        <Page route={route} search={location.search} />
      </main>
    </div>
  );
}

function Page({ route, search }: { route: Route; search: string }) {
  switch (route.name) {
    case "dashboard":
      return <DashboardPage />;
    case "orders":
      return <OrdersPage search={search} />;
    case "order":
      return <OrderDetailPage key={route.orderId} orderId={route.orderId} />;
    case "inventory":
      return <InventoryPage />;
    case "promotions":
      return <PromotionsPage />;
    case "gift_cards":
      return <GiftCardsPage />;
    case "emails":
      return <EmailsPage />;
    case "returns":
      return <ReturnsPage />;
    case "webhooks":
      return <WebhooksPage />;
    case "not_found":
      return <NotFoundPage />;
  }
}
