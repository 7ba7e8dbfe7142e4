/** A location's stock of one SKU, as allocation sees it. */
export interface LocationSupply {
  locationId: string;
  country: string | null;
  priority: number;
  available: number;
}

export interface Allocation {
  /** Units per location, in the order they were taken. */
  fromLocations: { locationId: string; quantity: number }[];
  /** Units no location could give. */
  shortfall: number;
}

/**
 * Splits a wanted quantity over locations: those in the destination's country first, then by
 * priority (lower first), then by id for a stable order; each gives what it has until the
 * quantity is met. Whatever is left is the shortfall (refused, or backordered when allowed).
 * Pure: the caller holds the SKU lock while it applies the result.
 */
export function allocate(
  quantity: number,
  supply: readonly LocationSupply[],
  destinationCountry?: string | null,
): Allocation {
  const local = (s: LocationSupply) => (destinationCountry && s.country === destinationCountry ? 0 : 1);
  const ordered = [...supply].sort(
    (a, b) =>
      local(a) - local(b) ||
      a.priority - b.priority ||
      (a.locationId < b.locationId ? -1 : a.locationId > b.locationId ? 1 : 0),
  );
  const fromLocations: Allocation["fromLocations"] = [];
  let left = quantity;
  for (const s of ordered) {
    if (left === 0) break;
    const take = Math.min(left, Math.max(0, s.available));
    if (take > 0) {
      fromLocations.push({ locationId: s.locationId, quantity: take });
      left -= take;
    }
  }
  return { fromLocations, shortfall: left };
}
