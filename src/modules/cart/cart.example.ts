const usd = (amount: number) => ({ amount, currency: "USD" });
const illinois = (amount: number) => [
  { jurisdiction: "US-IL", name: "Sales tax", ratePpm: 62_500, amount: usd(amount) },
];

/**
 * The OpenAPI example of a cart: two tees and a mug to Illinois with a 10 % code. The figures
 * add up as the API computes them: 7400 − 740 + 500 + 416 = 7576 (6.25 % on the discounted
 * lines, shipping untaxed in Illinois). cart.example.test.ts parses it with the schema, so it
 * cannot drift from it.
 */
export const cartExample = {
  id: "cart_01JX93A1B2",
  currency: "USD",
  status: "open",
  version: 7,
  email: "ada@example.com",
  shippingAddress: {
    firstName: "Ada",
    lastName: "Lovelace",
    line1: "12 Main St",
    city: "Springfield",
    region: "IL",
    postalCode: "62701",
    country: "US",
  },
  billingAddress: null,
  vatId: null,
  shippingMethod: {
    id: "shm_01JX93C3D4",
    code: "standard",
    name: "Standard",
    kind: "delivery",
    price: usd(500),
    minTransitDays: 3,
    maxTransitDays: 5,
    estimate: { earliest: "2026-06-05", latest: "2026-06-09" },
  },
  pickupLocation: null,
  freeShipping: {
    threshold: usd(10_000),
    amountLeft: usd(3_340),
    method: { id: "shm_01JX93C3D4", code: "standard", name: "Standard" },
  },
  pricesIncludeTax: false,
  lines: [
    {
      id: "line_01JX93E5F6",
      variantId: "var_01JX93G7H8",
      sku: "TEE-M",
      title: "Organic tee – M",
      quantity: 2,
      unitPrice: usd(2_800),
      subtotal: usd(5_600),
      discount: usd(560),
      tax: usd(315),
      total: usd(5_355),
      taxCategory: "standard",
      price: { rule: { kind: "base" }, convertedFrom: null },
      taxLines: illinois(315),
      available: 40,
      backorder: null,
    },
    {
      id: "line_01JX93J9K0",
      variantId: "var_01JX93L1M2",
      sku: "MUG-350",
      title: "Stoneware mug – 350 ml",
      quantity: 1,
      unitPrice: usd(1_800),
      subtotal: usd(1_800),
      discount: usd(180),
      tax: usd(101),
      total: usd(1_721),
      taxCategory: "standard",
      price: { rule: { kind: "base" }, convertedFrom: null },
      taxLines: illinois(101),
      available: 12,
      backorder: null,
    },
  ],
  tax: {
    breakdown: [
      { jurisdiction: "US-IL", name: "Sales tax", ratePpm: 62_500, amount: usd(416), taxable: usd(6_660) },
    ],
    shipping: usd(0),
    reverseCharge: false,
    notes: [],
    provisional: false,
    fallback: false,
  },
  promotions: {
    codes: ["TENOFF"],
    applied: [
      {
        promotionId: "promo_01JX93N3P4",
        code: "TENOFF",
        label: "10 % off",
        kind: "order_percentage",
        amount: usd(740),
        shipping: usd(0),
        lines: [
          { lineId: "line_01JX93E5F6", amount: usd(560) },
          { lineId: "line_01JX93J9K0", amount: usd(180) },
        ],
      },
    ],
    rejected: [],
  },
  giftCard: null,
  amountDue: usd(7_576),
  issues: [],
  fx: null,
  suggestions: [
    {
      productId: "prod_01JX93Q5R6",
      variantId: "var_01JX93S7T8",
      sku: "STICKERS-5",
      title: "Sticker pack",
      image: null,
      kind: "accessory",
      unitPrice: usd(600),
    },
  ],
  missing: [],
  steps: [
    { step: "contact", status: "done" },
    { step: "shipping_address", status: "done" },
    { step: "shipping_method", status: "done" },
    { step: "payment_method", status: "done" },
    { step: "review", status: "done" },
  ],
  paymentMethod: { provider: "stripe", kind: "card" },
  totals: {
    subtotal: usd(7_400),
    discountTotal: usd(740),
    shippingTotal: usd(500),
    taxTotal: usd(416),
    total: usd(7_576),
  },
} as const;
