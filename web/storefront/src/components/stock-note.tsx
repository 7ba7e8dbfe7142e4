import type { Variant } from "../api/types.ts";
import { formatExpected } from "../expected-date.ts";

/** "Backorder, expected <date>": said before the shopper adds the item, never after the fact. */
export function backorderText(expectedOn: string | null | undefined): string {
  const date = formatExpected(expectedOn);
  return date ? `Backorder, expected ${date}` : "Backorder: ships when stock arrives";
}

/** The variant's stock; plain "In stock" only where there is room for it (the product page). */
export function StockNote({
  stock,
  showInStock = false,
}: {
  stock: Variant["stock"];
  showInStock?: boolean;
}) {
  if (!stock) return null;
  if (stock.status === "in_stock")
    return showInStock ? <p className="stock-note stock-note--in_stock">In stock</p> : null;
  return (
    <p className={`stock-note stock-note--${stock.status}`}>
      {stock.status === "backorder" ? backorderText(stock.expectedOn) : "Out of stock"}
    </p>
  );
}
