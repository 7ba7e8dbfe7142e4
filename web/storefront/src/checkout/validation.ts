import type { Address, CardInput } from "../api/types.ts";
import { regionLists } from "./regions.ts";

/**
 * Client-side checks mirror the server's so shoppers hear about mistakes as they type; the
 * server stays the judge and its problem+json field errors are shown the same way.
 */
export type Errors<K extends string> = Partial<Record<K, string>>;

/** Server messages are fragments ("is required"); give them their field's name. */
export function asSentence(label: string, message: string): string {
  const text = /^[a-z]/.test(message) ? `${label} ${message}` : message;
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function validateEmail(email: string): string | undefined {
  const v = email.trim();
  if (!v) return "Enter your email address.";
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) return "Enter an email address like name@example.com.";
  return undefined;
}

export type AddressForm = Required<Record<keyof Address, string>>;
export type AddressField = keyof AddressForm;

export const emptyAddress: AddressForm = {
  firstName: "",
  lastName: "",
  company: "",
  line1: "",
  line2: "",
  city: "",
  region: "",
  postalCode: "",
  country: "US",
  phone: "",
};

const postalPatterns: Record<string, { pattern: RegExp; example: string }> = {
  US: { pattern: /^\d{5}(-\d{4})?$/, example: "62701" },
  CA: { pattern: /^[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d$/, example: "K1A 0B1" },
  GB: { pattern: /^[A-Za-z]{1,2}\d[A-Za-z\d]? ?\d[A-Za-z]{2}$/, example: "SW1A 1AA" },
  DE: { pattern: /^\d{5}$/, example: "10115" },
  FR: { pattern: /^\d{5}$/, example: "75001" },
  ES: { pattern: /^\d{5}$/, example: "28001" },
  IT: { pattern: /^\d{5}$/, example: "00118" },
  FI: { pattern: /^\d{5}$/, example: "00100" },
  NL: { pattern: /^\d{4} ?[A-Za-z]{2}$/, example: "1012 AB" },
  AT: { pattern: /^\d{4}$/, example: "1010" },
  BE: { pattern: /^\d{4}$/, example: "1000" },
  DK: { pattern: /^\d{4}$/, example: "1050" },
  LU: { pattern: /^\d{4}$/, example: "1111" },
  PT: { pattern: /^\d{4}-\d{3}$/, example: "1000-001" },
  PL: { pattern: /^\d{2}-\d{3}$/, example: "00-001" },
  SE: { pattern: /^\d{3} ?\d{2}$/, example: "111 22" },
  IE: { pattern: /^[A-Za-z\d]{3} ?[A-Za-z\d]{4}$/, example: "D02 X285" },
  AU: { pattern: /^\d{4}$/, example: "2000" },
  NZ: { pattern: /^\d{4}$/, example: "6011" },
  JP: { pattern: /^\d{3}-?\d{4}$/, example: "100-0001" },
  CH: { pattern: /^\d{4}$/, example: "8001" },
  NO: { pattern: /^\d{4}$/, example: "0150" },
};

/** Eircodes are optional on Irish mail (the server's postalCodeOptional). */
const postalOptional = new Set(["IE"]);

/** Countries whose addresses need a region, as the server's regionRequired says (those we ship to). */
const regionRequired: Record<string, string> = {
  US: "State",
  CA: "Province",
  AU: "State or territory",
  JP: "Prefecture",
};

export function regionLabel(country: string): string {
  return regionRequired[country] ?? "State / region";
}

export function isRegionRequired(country: string): boolean {
  return country in regionRequired;
}

export function postalLabel(country: string): string {
  return country === "US" ? "ZIP code" : country === "AU" ? "Postcode" : "Postal code";
}

export function isPostalOptional(country: string): boolean {
  return postalOptional.has(country);
}

export function validateAddressField(field: AddressField, form: AddressForm): string | undefined {
  const value = form[field].trim();
  switch (field) {
    case "firstName":
      return value ? undefined : "Enter your first name.";
    case "lastName":
      return value ? undefined : "Enter your last name.";
    case "line1":
      return value ? undefined : "Enter your street address.";
    case "city":
      return value ? undefined : "Enter your city.";
    case "country":
      return /^[A-Z]{2}$/.test(value) ? undefined : "Choose a country.";
    case "region": {
      const label = regionLabel(form.country).toLowerCase();
      if (!value) return isRegionRequired(form.country) ? `Choose your ${label}.` : undefined;
      const known = regionLists[form.country];
      return known && !(value.toUpperCase() in known) ? `Choose your ${label} from the list.` : undefined;
    }
    case "postalCode": {
      if (!value)
        return isPostalOptional(form.country)
          ? undefined
          : `Enter your ${postalLabel(form.country).toLowerCase()}.`;
      const rule = postalPatterns[form.country];
      return rule && !rule.pattern.test(value)
        ? `Enter a valid ${postalLabel(form.country).toLowerCase()}, like ${rule.example}.`
        : undefined;
    }
    case "phone":
      // The server checks the number against the country's numbering plan; this catches typos early.
      return value && (!/^\+?[\d\s().-]{6,30}$/.test(value) || value.replace(/\D/g, "").length < 6)
        ? "Enter a valid phone number, including the area code."
        : undefined;
    default:
      return undefined;
  }
}

export const addressFieldOrder: AddressField[] = [
  "country",
  "firstName",
  "lastName",
  "line1",
  "line2",
  "city",
  "region",
  "postalCode",
  "phone",
];

export function validateAddress(form: AddressForm): Errors<AddressField> {
  const errors: Errors<AddressField> = {};
  for (const field of addressFieldOrder) {
    const e = validateAddressField(field, form);
    if (e) errors[field] = e;
  }
  return errors;
}

/** The API body: trimmed, optional fields left out when blank. */
export function toAddress(form: AddressForm): Address {
  const t = (s: string) => s.trim();
  const optional = (s: string) => (t(s) ? t(s) : undefined);
  return {
    firstName: t(form.firstName),
    lastName: t(form.lastName),
    company: optional(form.company),
    line1: t(form.line1),
    line2: optional(form.line2),
    city: t(form.city),
    region: optional(form.region),
    postalCode: t(form.postalCode),
    country: t(form.country),
    phone: optional(form.phone),
  };
}

export function fromAddress(address: Address | null, fallbackCountry: string): AddressForm {
  if (!address) return { ...emptyAddress, country: fallbackCountry };
  return {
    firstName: address.firstName,
    lastName: address.lastName,
    company: address.company ?? "",
    line1: address.line1,
    line2: address.line2 ?? "",
    city: address.city,
    region: address.region ?? "",
    postalCode: address.postalCode,
    country: address.country,
    phone: address.phone ?? "",
  };
}

export interface CardForm {
  number: string;
  expiry: string;
  cvc: string;
}
export type CardField = keyof CardForm;

export function cardDigits(number: string): string {
  return number.replace(/\D/g, "");
}

/** Groups digits in fours (Amex 4-6-5) as the shopper types. */
export function formatCardNumber(input: string): string {
  const d = cardDigits(input).slice(0, 19);
  if (/^3[47]/.test(d)) return [d.slice(0, 4), d.slice(4, 10), d.slice(10, 15)].filter(Boolean).join(" ");
  return d.replace(/(.{4})/g, "$1 ").trim();
}

export function formatExpiry(input: string, previous: string): string {
  const d = input.replace(/\D/g, "").slice(0, 4);
  // Deleting the slash should delete the month's last digit, not re-add the slash.
  if (previous.endsWith("/") && input.length < previous.length) return d.slice(0, 1);
  if (d.length === 1 && Number(d) > 1) return `0${d} / `;
  if (d.length >= 2) return `${d.slice(0, 2)} / ${d.slice(2)}`;
  return d;
}

export function cardBrand(number: string): string | undefined {
  const d = cardDigits(number);
  if (/^4/.test(d)) return "Visa";
  if (/^(5[1-5]|2[2-7])/.test(d)) return "Mastercard";
  if (/^3[47]/.test(d)) return "American Express";
  if (/^6(011|5)/.test(d)) return "Discover";
  if (/^35/.test(d)) return "JCB";
  return undefined;
}

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let n = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      n *= 2;
      if (n > 9) n -= 9;
    }
    sum += n;
  }
  return sum % 10 === 0;
}

export function parseExpiry(expiry: string): { month: number; year: number } | undefined {
  const m = /^(\d{2})\s*\/\s*(\d{2}|\d{4})$/.exec(expiry.trim());
  if (!m?.[1] || !m[2]) return undefined;
  const month = Number(m[1]);
  const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return month >= 1 && month <= 12 ? { month, year } : undefined;
}

export function validateCardField(field: CardField, form: CardForm, now = new Date()): string | undefined {
  switch (field) {
    case "number": {
      const d = cardDigits(form.number);
      if (!d) return "Enter your card number.";
      if (d.length < 12 || d.length > 19 || !passesLuhn(d)) return "Check your card number.";
      return undefined;
    }
    case "expiry": {
      if (!form.expiry.trim()) return "Enter the expiry date.";
      const exp = parseExpiry(form.expiry);
      if (!exp) return "Enter the expiry date as MM / YY.";
      const endOfMonth = new Date(exp.year, exp.month, 1);
      return endOfMonth <= now ? "This card has expired." : undefined;
    }
    case "cvc":
      if (!form.cvc) return "Enter the security code.";
      return /^\d{3,4}$/.test(form.cvc) ? undefined : "The security code is 3 or 4 digits.";
  }
}

export const cardFieldOrder: CardField[] = ["number", "expiry", "cvc"];

export function validateCard(form: CardForm): Errors<CardField> {
  const errors: Errors<CardField> = {};
  for (const f of cardFieldOrder) {
    const e = validateCardField(f, form);
    if (e) errors[f] = e;
  }
  return errors;
}

export function toCardInput(form: CardForm): CardInput {
  const exp = parseExpiry(form.expiry) ?? { month: 0, year: 0 };
  return { cardNumber: cardDigits(form.number), expMonth: exp.month, expYear: exp.year, cvc: form.cvc };
}
