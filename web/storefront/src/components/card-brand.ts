const brands: Record<string, string> = { visa: "Visa", mastercard: "Mastercard", amex: "American Express" };

/** A card brand as shoppers write it; unknown brands are capitalised rather than hidden. */
export function brandName(brand: string | null): string {
  if (!brand) return "card";
  return brands[brand] ?? brand.charAt(0).toUpperCase() + brand.slice(1);
}
