import countries from "i18n-iso-countries";
import { isSupportedCountry, parsePhoneNumberFromString } from "libphonenumber-js";
import { postcodeValidator, postcodeValidatorExistsForCountry } from "postcode-validator";
import { type FieldError, fail, ok, type Result } from "../../shared/failure.ts";
import { formatPostalCode, knownRegions, postalCodeOptional, regionRequired } from "./country-rules.ts";

/** A postal address as shoppers give it; the same shape carts and orders keep. */
export interface PostalAddress {
  firstName: string;
  lastName: string;
  company?: string | undefined;
  line1: string;
  line2?: string | undefined;
  city: string;
  region?: string | undefined;
  postalCode: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  phone?: string | undefined;
}

/**
 * Checks an address against its country's rules and returns it normalized: region and postal
 * code in upper case and the post's spacing, phone in E.164. On failure, `validation_failed`
 * with one field error per problem, named `${field}.postalCode` and so on. Pure.
 */
export function validateAddress(address: PostalAddress, field: string): Result<PostalAddress> {
  const errors: FieldError[] = [];
  const at = (name: string, code: string, message: string) =>
    errors.push({ field: `${field}.${name}`, code, message });
  const country = address.country.toUpperCase();
  if (!countries.isValid(country)) {
    at("country", "unknown_country", `${address.country} is not an ISO 3166-1 country code`);
    return invalid(errors);
  }

  const region = address.region?.trim().toUpperCase() || undefined;
  const regions = knownRegions[country];
  if (!region && regionRequired.has(country)) {
    at("region", "required", `a state, province or region is required in ${country}`);
  } else if (region && regions && !regions.has(region)) {
    at("region", "unknown_region", `${address.region} is not a region code of ${country}`);
  }

  const postalCode = address.postalCode.trim();
  const hasPostalCodes = postcodeValidatorExistsForCountry(country);
  if (!postalCode && hasPostalCodes && !postalCodeOptional.has(country)) {
    at("postalCode", "required", `a postal code is required in ${country}`);
  } else if (postalCode && hasPostalCodes && !postcodeValidator(postalCode, country)) {
    at("postalCode", "invalid_format", `${postalCode} is not a valid postal code in ${country}`);
  }

  let phone: string | undefined;
  if (address.phone?.trim()) {
    const defaultCountry = isSupportedCountry(country) ? country : undefined;
    const parsed = parsePhoneNumberFromString(address.phone, { defaultCountry });
    if (parsed?.isValid()) phone = parsed.number;
    else at("phone", "invalid_phone", `${address.phone} is not a valid phone number for ${country}`);
  }

  if (errors.length > 0) return invalid(errors);
  return ok({
    ...address,
    country,
    region,
    postalCode: postalCode ? formatPostalCode(country, postalCode) : "",
    phone,
  });
}

function invalid(errors: FieldError[]): Result<never> {
  return fail("validation_failed", errors.map((e) => `${e.field}: ${e.message}`).join("; "), { errors });
}
