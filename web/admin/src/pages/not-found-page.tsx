import { useRef } from "react";
import { Link } from "../components/link.tsx";
import { usePageTitle } from "../router.ts";

export function NotFoundPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Page not found", heading);
  return (
    <section className="page">
      <h1 ref={heading} tabIndex={-1}>
        Page not found
      </h1>
      <p>
        There is no page at this address. <Link to="/">Go to the dashboard</Link>.
      </p>
    </section>
  );
}
