/**
 * Zone matching, pure. A zone names countries ("*": any country), optionally narrowed to ISO
 * 3166-2 regions ("US-AK") and to postal-code patterns, minus excluded regions and patterns.
 *
 * Postal patterns are compared on the code without spaces or dashes, upper case:
 * - "995" is a prefix ("99501" and "99599" match, "9950" does not: it is shorter);
 * - "96700..96899" is an inclusive range over the code's first 5 characters (both ends have
 *   the same length, so "96799-1234" matches).
 *
 * When several of a method's zones contain an address, the most specific wins:
 * postal patterns (3) > regions (2) > countries (1) > anywhere (0); on a tie, the zone code that
 * sorts first, so the choice never depends on storage order.
 */
export interface Zone {
  id: string;
  code: string;
  countries: readonly string[];
  regions: readonly string[];
  excludedRegions: readonly string[];
  postalCodes: readonly string[];
  excludedPostalCodes: readonly string[];
}

export interface ZoneAddress {
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** The subdivision as the address keeps it ("AK") or in ISO 3166-2 form ("US-AK"). */
  region?: string | undefined;
  postalCode?: string | undefined;
}

export const ANY_COUNTRY = "*";

/** How specific `zone` is for `address` (higher wins), or null when it does not contain it. */
export function zoneSpecificity(zone: Zone, address: ZoneAddress): number | null {
  const country = address.country.toUpperCase();
  const anywhere = zone.countries.includes(ANY_COUNTRY);
  if (!anywhere && !zone.countries.includes(country)) return null;
  const region = isoRegion(country, address.region);
  if (zone.regions.length > 0 && (!region || !zone.regions.includes(region))) return null;
  if (region && zone.excludedRegions.includes(region)) return null;
  const postal = normalizePostalCode(address.postalCode ?? "");
  if (zone.postalCodes.length > 0 && !zone.postalCodes.some((p) => matchesPostalPattern(p, postal)))
    return null;
  if (zone.excludedPostalCodes.some((p) => matchesPostalPattern(p, postal))) return null;
  if (zone.postalCodes.length > 0) return 3;
  if (zone.regions.length > 0) return 2;
  return anywhere ? 0 : 1;
}

/** The most specific of `zones` containing `address`, or undefined. */
export function mostSpecificZone<Z extends Zone>(zones: readonly Z[], address: ZoneAddress): Z | undefined {
  let best: { zone: Z; specificity: number } | undefined;
  for (const zone of zones) {
    const specificity = zoneSpecificity(zone, address);
    if (specificity === null) continue;
    if (
      !best ||
      specificity > best.specificity ||
      (specificity === best.specificity && zone.code < best.zone.code)
    )
      best = { zone, specificity };
  }
  return best?.zone;
}

/** "AK" in the US → "US-AK"; an already prefixed "US-AK" stays. */
export function isoRegion(country: string, region: string | undefined): string | undefined {
  const r = region?.trim().toUpperCase();
  if (!r) return undefined;
  return r.startsWith(`${country}-`) ? r : `${country}-${r}`;
}

export const normalizePostalCode = (code: string) => code.toUpperCase().replace(/[\s-]/g, "");

const RANGE = /^([A-Z0-9]+)\.\.([A-Z0-9]+)$/;

/** Why a postal pattern is malformed, or undefined. */
export function checkPostalPattern(pattern: string): string | undefined {
  const range = RANGE.exec(pattern);
  if (range) {
    const [, from, to] = range;
    if (from!.length !== to!.length) return `${pattern}: both ends of a range need the same length`;
    if (from! > to!) return `${pattern}: the range ends before it starts`;
    return undefined;
  }
  return /^[A-Z0-9]+$/.test(pattern)
    ? undefined
    : `${pattern}: use a prefix such as 995 or a range such as 96700..96899 (letters, digits)`;
}

function matchesPostalPattern(pattern: string, postal: string): boolean {
  if (!postal) return false;
  const range = RANGE.exec(pattern);
  if (!range) return postal.startsWith(pattern);
  const [, from, to] = range;
  if (postal.length < from!.length) return false;
  const head = postal.slice(0, from!.length);
  return head >= from! && head <= to!;
}
