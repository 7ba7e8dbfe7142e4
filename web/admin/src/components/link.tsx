import type { AnchorHTMLAttributes, MouseEvent } from "react";
import { base, navigate } from "../router.ts";

/** An in-app link: a real href (open in new tab works), client-side navigation on a plain click. */
export function Link({
  to,
  ...rest
}: { to: string } & Omit<AnchorHTMLAttributes<HTMLAnchorElement>, "href">) {
  const onClick = (event: MouseEvent<HTMLAnchorElement>) => {
    rest.onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a {...rest} href={`${base}${to}`} onClick={onClick} />;
}
