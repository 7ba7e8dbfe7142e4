import { useRef } from "react";
import { Link } from "../components/link.tsx";
import { usePageTitle } from "../router.ts";

export function NotFoundPage() {
  const heading = useRef<HTMLHeadingElement>(null);
  usePageTitle("Page not found", heading);
  return (
    <section className="narrow">
      <h1 ref={heading} tabIndex={-1}>
        Page not found
      </h1>
      <p>
        <Link href="/">Back to the shop</Link>
      </p>
    </section>
  );
}
