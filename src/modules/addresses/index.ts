// Owns the rules a postal address must meet per country (codes, required fields, postal-code
// formats, phone numbers). Pure; does not store addresses (carts, customers and orders do).

export { type PostalAddress, validateAddress } from "./validate-address.ts";
