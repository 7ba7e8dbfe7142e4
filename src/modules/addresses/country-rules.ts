// Per-country address rules that the maintained packages do not carry: which countries need a
// region (state, province, prefecture) to deliver, and which have postal codes that are optional.
// Country codes come from i18n-iso-countries, postal-code formats from postcode-validator.

/** Countries whose carriers and tax rules need a region. */
export const regionRequired: ReadonlySet<string> = new Set([
  "US",
  "CA",
  "AU",
  "BR",
  "MX",
  "IN",
  "CN",
  "JP",
  "MY",
  "AR",
]);

/** Countries with postal codes that many addresses lack (Irish Eircodes are optional on mail). */
export const postalCodeOptional: ReadonlySet<string> = new Set(["IE"]);

// Region codes (ISO 3166-2 subdivision suffixes) where the region also picks the tax: a typo
// here would tax a cart at the wrong state's rate, so these are checked, not just required.
const usRegions =
  "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR GU VI AS MP AA AE AP";
export const knownRegions: Readonly<Record<string, ReadonlySet<string>>> = {
  US: new Set(usRegions.split(" ")),
  CA: new Set("AB BC MB NB NL NS NT NU ON PE QC SK YT".split(" ")),
  AU: new Set("ACT NSW NT QLD SA TAS VIC WA".split(" ")),
};

/** Writes postal codes the way the post prints them, for codes that have a fixed inward part. */
export function formatPostalCode(country: string, code: string): string {
  const compact = code.toUpperCase().replace(/\s+/g, "");
  if ((country === "GB" || country === "CA") && compact.length > 3) {
    return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
  }
  return code.toUpperCase().replace(/\s+/g, " ").trim();
}
